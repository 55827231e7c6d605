/**
 * A container's environment as the kubelet builds it (kubelet_pods.go makeEnvironmentVariables):
 * first every envFrom source (ConfigMap data or decoded Secret data, keys prefixed, keys that are
 * not environment variable names skipped and reported), then env in order: literal values with
 * $(VAR) references expanded, downward API fields, configMapKeyRef and secretKeyRef. A missing
 * object or key that is not `optional` is a ContainerConfigError. Pure: the objects are read
 * beforehand (config-objects.ts).
 */
import type { Container, EnvVar } from '@orchestra/api';
import type { ConfigObjects } from './config-objects';
import { ContainerConfigError, notFound } from './container-config-error';

/** Kubernetes' IsEnvVarName: C identifiers, plus '-' and '.'. */
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export interface SkippedEnvKeys {
  /** `configMap` or `secret`, as the event says. */
  kind: 'configMap' | 'secret';
  /** `namespace/name` of the source. */
  source: string;
  keys: string[];
}

export interface ContainerEnv {
  env: Record<string, string>;
  /** envFrom keys left out (the kubelet's InvalidEnvironmentVariableNames event). */
  skipped: SkippedEnvKeys[];
}

/**
 * @param base variables every container gets before its own (HOSTNAME)
 * @param fields downward API values by fieldPath (`metadata.name`, `status.podIP`, …)
 */
export function containerEnv(
  spec: Pick<Container, 'env' | 'envFrom'>,
  objects: ConfigObjects,
  base: Record<string, string>,
  fields: Record<string, string | undefined>,
): ContainerEnv {
  const env: Record<string, string> = { ...base };
  const skipped: SkippedEnvKeys[] = [];
  const ns = objects.namespace;
  for (const from of spec.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    let values: Record<string, string> | undefined;
    let kind: SkippedEnvKeys['kind'];
    let name: string;
    if (from.configMapRef) {
      kind = 'configMap';
      name = from.configMapRef.name;
      const cm = objects.configMaps.get(name);
      if (!cm && !from.configMapRef.optional) throw notFound('configmap', name);
      values = cm?.data;
    } else if (from.secretRef) {
      kind = 'secret';
      name = from.secretRef.name;
      const secret = objects.secrets.get(name);
      if (!secret && !from.secretRef.optional) throw notFound('secret', name);
      values = secret ? decoded(secret.data) : undefined;
    } else {
      continue;
    }
    const invalid: string[] = [];
    for (const [key, value] of Object.entries(values ?? {})) {
      const variable = prefix + key;
      if (ENV_VAR_NAME.test(variable)) env[variable] = value;
      else invalid.push(variable);
    }
    if (invalid.length) skipped.push({ kind, source: `${ns}/${name}`, keys: invalid.sort() });
  }
  for (const v of spec.env ?? []) {
    const value = envValue(v, objects, env, fields);
    if (value !== undefined) env[v.name] = value;
  }
  return { env, skipped };
}

function envValue(
  v: EnvVar,
  objects: ConfigObjects,
  env: Record<string, string>,
  fields: Record<string, string | undefined>,
): string | undefined {
  // $(VAR) references to earlier variables, as Kubernetes expands them; $$ escapes.
  if (v.value !== undefined) return expand(v.value, env);
  const from = v.valueFrom;
  if (!from) return '';
  if (from.fieldRef) return fields[from.fieldRef.fieldPath];
  const ns = objects.namespace;
  if (from.configMapKeyRef) {
    const { name, key, optional } = from.configMapKeyRef;
    const cm = objects.configMaps.get(name);
    if (!cm) {
      if (optional) return undefined;
      throw notFound('configmap', name);
    }
    const value = cm.data?.[key];
    if (value === undefined && !optional)
      throw new ContainerConfigError(`couldn't find key ${key} in ConfigMap ${ns}/${name}`);
    return value;
  }
  if (from.secretKeyRef) {
    const { name, key, optional } = from.secretKeyRef;
    const secret = objects.secrets.get(name);
    if (!secret) {
      if (optional) return undefined;
      throw notFound('secret', name);
    }
    const value = secret.data?.[key];
    if (value === undefined && !optional)
      throw new ContainerConfigError(`couldn't find key ${key} in Secret ${ns}/${name}`);
    return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
  }
  return undefined;
}

/** Kubernetes' expansion: $(VAR) of a defined variable is replaced, $$ is a literal $. */
export function expand(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\((\w[-.\w]*)\)/g, (match, ref?: string) => {
    if (ref === undefined) return '$';
    return env[ref] ?? match;
  });
}

function decoded(data: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
  );
}

/** The kubelet's event for skipped envFrom keys. */
export function skippedKeysMessage(s: SkippedEnvKeys): string {
  return `Keys [${s.keys.join(', ')}] from the EnvFrom ${s.kind} ${s.source} were skipped since they are considered invalid environment variable names.`;
}
