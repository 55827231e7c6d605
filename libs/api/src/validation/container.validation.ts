/**
 * Containers and init containers of a pod spec (core/validation `validateContainers`): names,
 * images, ports, env, envFrom, volume mounts, resources and probes, with names unique across both lists.
 */
import { duplicate, FieldError, FieldPath, forbidden, invalid, required } from '../errors';
import { isConfigMapKey, isDNS1123Label, isEnvVarName, isValidPortName } from './names.validation';
import { validateProbe } from './probe.validation';
import { validateResourceRequirements } from './resources.validation';
import { integerAt, listAt, objectAt, Obj, stringAt } from './shape';
import { PROTOCOLS, validateEnum, validatePortNumber } from './values.validation';
import { validateEnvFrom, validateVolumeMounts } from './volume.validation';

function validatePorts(value: unknown, fieldPath: FieldPath, hostPorts: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (listAt(value, fieldPath, errs) ?? []).forEach((item, i) => {
    const portPath = fieldPath.index(i);
    const port = objectAt(item, portPath, errs);
    if (!port) return;
    const name = stringAt(port.name, portPath.child('name'), errs);
    if (name) {
      errs.push(...isValidPortName(name).map((m) => invalid(portPath.child('name'), name, m)));
      if (names.has(name)) errs.push(duplicate(portPath.child('name'), name));
      names.add(name);
    }
    const containerPort = integerAt(port.containerPort, portPath.child('containerPort'), errs);
    if (!containerPort) {
      if (port.containerPort === undefined || port.containerPort === 0)
        errs.push(required(portPath.child('containerPort')));
    } else errs.push(...validatePortNumber(containerPort, portPath.child('containerPort')));
    const hostPort = integerAt(port.hostPort, portPath.child('hostPort'), errs);
    errs.push(...validateEnum(port.protocol, PROTOCOLS, portPath.child('protocol'), true));
    if (hostPort) {
      errs.push(...validatePortNumber(hostPort, portPath.child('hostPort')));
      // Two containers of one pod cannot both take the same port on the node.
      const key = `${hostPort}/${typeof port.protocol === 'string' ? port.protocol : 'TCP'}`;
      if (hostPorts.has(key)) errs.push(duplicate(portPath.child('hostPort'), key));
      hostPorts.add(key);
    }
  });
  return errs;
}

const envSources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'] as const;

function validateEnvVarSource(source: Obj, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const present = envSources.filter((s) => source[s] !== undefined && source[s] !== null);
  if (present.length === 0) {
    errs.push(
      invalid(
        fieldPath,
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ),
    );
  } else if (present.length > 1) {
    errs.push(invalid(fieldPath, '', 'may not have more than one field specified at a time'));
  }
  const fieldRef = objectAt(source.fieldRef, fieldPath.child('fieldRef'), errs);
  if (fieldRef && !stringAt(fieldRef.fieldPath, fieldPath.child('fieldRef').child('fieldPath'), errs)) {
    errs.push(required(fieldPath.child('fieldRef').child('fieldPath')));
  }
  const resourceRef = objectAt(source.resourceFieldRef, fieldPath.child('resourceFieldRef'), errs);
  if (
    resourceRef &&
    !stringAt(resourceRef.resource, fieldPath.child('resourceFieldRef').child('resource'), errs)
  ) {
    errs.push(required(fieldPath.child('resourceFieldRef').child('resource')));
  }
  for (const ref of ['configMapKeyRef', 'secretKeyRef'] as const) {
    const keyRef = objectAt(source[ref], fieldPath.child(ref), errs);
    if (!keyRef) continue;
    const key = stringAt(keyRef.key, fieldPath.child(ref).child('key'), errs);
    if (!key) errs.push(required(fieldPath.child(ref).child('key')));
    else errs.push(...isConfigMapKey(key).map((m) => invalid(fieldPath.child(ref).child('key'), key, m)));
  }
  return errs;
}

function validateEnv(value: unknown, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (listAt(value, fieldPath, errs) ?? []).forEach((item, i) => {
    const envPath = fieldPath.index(i);
    const env = objectAt(item, envPath, errs);
    if (!env) return;
    const name = stringAt(env.name, envPath.child('name'), errs);
    if (!name) errs.push(required(envPath.child('name')));
    else errs.push(...isEnvVarName(name).map((m) => invalid(envPath.child('name'), name, m)));
    const envValue = stringAt(env.value, envPath.child('value'), errs);
    const source = objectAt(env.valueFrom, envPath.child('valueFrom'), errs);
    if (source) {
      if (envValue)
        errs.push(invalid(envPath.child('valueFrom'), '', 'may not be specified when `value` is not empty'));
      errs.push(...validateEnvVarSource(source, envPath.child('valueFrom')));
    }
  });
  return errs;
}

const stringList = (value: unknown, fieldPath: FieldPath, errs: FieldError[]): void => {
  (listAt(value, fieldPath, errs) ?? []).forEach((s, i) => stringAt(s, fieldPath.index(i), errs));
};

const probeKinds = [
  ['livenessProbe', true],
  ['readinessProbe', false],
  ['startupProbe', true],
] as const;

function validateContainer(
  c: Obj,
  fieldPath: FieldPath,
  init: boolean,
  hostPorts: Set<string>,
  volumes: Set<string>,
): FieldError[] {
  const errs: FieldError[] = [];
  const image = stringAt(c.image, fieldPath.child('image'), errs);
  if (!image) errs.push(required(fieldPath.child('image')));
  else if (image !== image.trim()) {
    errs.push(invalid(fieldPath.child('image'), image, 'must not have leading or trailing whitespace'));
  }
  stringList(c.command, fieldPath.child('command'), errs);
  stringList(c.args, fieldPath.child('args'), errs);
  stringAt(c.workingDir, fieldPath.child('workingDir'), errs);
  errs.push(...validatePorts(c.ports, fieldPath.child('ports'), hostPorts));
  errs.push(...validateEnv(c.env, fieldPath.child('env')));
  errs.push(...validateEnvFrom(c.envFrom, fieldPath.child('envFrom')));
  errs.push(...validateVolumeMounts(c.volumeMounts, volumes, fieldPath.child('volumeMounts')));
  errs.push(...validateResourceRequirements(c.resources, fieldPath.child('resources')));
  for (const [probe, successMustBeOne] of probeKinds) {
    if (c[probe] === undefined || c[probe] === null) continue;
    // Init containers run to completion, so probes make no sense on them (sidecars are not supported).
    if (init) errs.push(forbidden(fieldPath.child(probe), 'may not be set for init containers'));
    else errs.push(...validateProbe(c[probe], fieldPath.child(probe), successMustBeOne));
  }
  const pullPolicies = ['Always', 'IfNotPresent', 'Never'];
  errs.push(...validateEnum(c.imagePullPolicy, pullPolicies, fieldPath.child('imagePullPolicy'), true));
  stringAt(c.terminationMessagePath, fieldPath.child('terminationMessagePath'), errs);
  const messagePolicies = ['File', 'FallbackToLogsOnError'];
  errs.push(
    ...validateEnum(
      c.terminationMessagePolicy,
      messagePolicies,
      fieldPath.child('terminationMessagePolicy'),
      true,
    ),
  );
  return errs;
}

/**
 * `spec.initContainers` then `spec.containers` under `specPath`; at least one container is
 * required. `volumes`: the pod's volume names, which volumeMounts must name.
 */
export function validateContainers(
  spec: Obj,
  specPath: FieldPath,
  volumes = new Set<string>(),
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  const hostPorts = new Set<string>();
  const check = (value: unknown, fieldPath: FieldPath, init: boolean): void => {
    const list = listAt(value, fieldPath, errs);
    if (!init && (!list || list.length === 0) && !errs.some((e) => e.field === fieldPath.toString())) {
      errs.push(required(fieldPath));
    }
    (list ?? []).forEach((item, i) => {
      const cPath = fieldPath.index(i);
      const c = objectAt(item, cPath, errs);
      if (!c) return;
      const name = stringAt(c.name, cPath.child('name'), errs);
      if (!name) errs.push(required(cPath.child('name')));
      else {
        errs.push(...isDNS1123Label(name).map((m) => invalid(cPath.child('name'), name, m)));
        if (names.has(name)) errs.push(duplicate(cPath.child('name'), name));
        names.add(name);
      }
      errs.push(...validateContainer(c, cPath, init, hostPorts, volumes));
    });
  };
  check(spec.initContainers, specPath.child('initContainers'), true);
  check(spec.containers, specPath.child('containers'), false);
  return errs;
}
