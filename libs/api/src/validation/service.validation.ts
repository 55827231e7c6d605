/**
 * Service validation (core/validation `ValidateService`, `ValidateServiceUpdate`): type, ports,
 * node ports, selector, cluster IP and traffic policies.
 */
import { duplicate, FieldError, FieldPath, forbidden, invalid, path, required } from '../errors';
import { validateLabels } from './labels.validation';
import { isDNS1123Label, isDNS1123Subdomain } from './names.validation';
import { integerAt, isRecord, listAt, objectAt, Obj, stringAt } from './shape';
import {
  PROTOCOLS,
  validateEnum,
  validateIP,
  validatePortNumber,
  validatePortNumOrName,
} from './values.validation';

export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
/** The apiserver's default --service-node-port-range. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

function validatePorts(spec: Obj, type: string, specPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const portsPath = specPath.child('ports');
  const ports = listAt(spec.ports, portsPath, errs) ?? [];
  const headless = spec.clusterIP === 'None';
  const malformed = spec.ports !== undefined && spec.ports !== null && !Array.isArray(spec.ports);
  if (!malformed && ports.length === 0 && !headless && type !== 'ExternalName')
    errs.push(required(portsPath));
  const names = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((item, i) => {
    const p = portsPath.index(i);
    const port = objectAt(item, p, errs);
    if (!port) return;
    // With several ports, names tell them apart in Endpoints and targetPort lookups.
    const name = stringAt(port.name, p.child('name'), errs);
    if (!name) {
      if (ports.length > 1) errs.push(required(p.child('name')));
    } else {
      errs.push(...isDNS1123Label(name).map((m) => invalid(p.child('name'), name, m)));
      if (names.has(name)) errs.push(duplicate(p.child('name'), name));
      names.add(name);
    }
    errs.push(...validatePortNumber(integerAt(port.port, p.child('port'), errs) ?? 0, p.child('port')));
    errs.push(...validateEnum(port.protocol, PROTOCOLS, p.child('protocol'), true));
    if (port.targetPort !== undefined && port.targetPort !== 0 && port.targetPort !== '') {
      errs.push(...validatePortNumOrName(port.targetPort, p.child('targetPort')));
    }
    const nodePort = integerAt(port.nodePort, p.child('nodePort'), errs);
    if (!nodePort) return;
    if (type !== 'NodePort' && type !== 'LoadBalancer') {
      errs.push(forbidden(p.child('nodePort'), `may not be used when \`type\` is '${type}'`));
    } else if (nodePort < NODE_PORT_RANGE.min || nodePort > NODE_PORT_RANGE.max) {
      errs.push(
        invalid(
          p.child('nodePort'),
          nodePort,
          `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`,
        ),
      );
    }
    const key = `${nodePort}/${typeof port.protocol === 'string' ? port.protocol : 'TCP'}`;
    if (nodePorts.has(key)) errs.push(duplicate(p.child('nodePort'), key));
    nodePorts.add(key);
  });
  return errs;
}

function validateClusterIP(spec: Obj, type: string, specPath: FieldPath, errs: FieldError[]): void {
  const clusterIPPath = specPath.child('clusterIP');
  const clusterIP = stringAt(spec.clusterIP, clusterIPPath, errs);
  if (type === 'ExternalName') {
    if (clusterIP) errs.push(forbidden(clusterIPPath, 'may not be set for ExternalName services'));
    const externalName = stringAt(spec.externalName, specPath.child('externalName'), errs);
    if (!externalName) errs.push(required(specPath.child('externalName')));
    else {
      const msgs = isDNS1123Subdomain(externalName.replace(/\.$/, ''));
      errs.push(...msgs.map((m) => invalid(specPath.child('externalName'), externalName, m)));
    }
    return;
  }
  if (clusterIP === 'None') {
    if (type === 'NodePort' || type === 'LoadBalancer') {
      errs.push(invalid(clusterIPPath, clusterIP, `may not be set to 'None' for ${type} services`));
    }
  } else if (clusterIP) errs.push(...validateIP(clusterIP, clusterIPPath));
}

export function validateService(service: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const specPath = path('spec');
  const spec = objectAt(service.spec, specPath, errs) ?? {};
  errs.push(...validateEnum(spec.type, SERVICE_TYPES, specPath.child('type'), true));
  const type = typeof spec.type === 'string' && spec.type ? spec.type : 'ClusterIP';
  errs.push(...validatePorts(spec, type, specPath));
  errs.push(...validateLabels(spec.selector, specPath.child('selector')));
  validateClusterIP(spec, type, specPath, errs);
  errs.push(
    ...validateEnum(spec.sessionAffinity, ['ClientIP', 'None'], specPath.child('sessionAffinity'), true),
  );
  errs.push(
    ...validateEnum(
      spec.internalTrafficPolicy,
      ['Cluster', 'Local'],
      specPath.child('internalTrafficPolicy'),
      true,
    ),
  );
  if (spec.externalTrafficPolicy !== undefined && spec.externalTrafficPolicy !== '') {
    if (type !== 'NodePort' && type !== 'LoadBalancer') {
      errs.push(
        invalid(
          specPath.child('externalTrafficPolicy'),
          spec.externalTrafficPolicy,
          "may only be set when `type` is 'NodePort' or 'LoadBalancer'",
        ),
      );
    } else
      errs.push(
        ...validateEnum(
          spec.externalTrafficPolicy,
          ['Cluster', 'Local'],
          specPath.child('externalTrafficPolicy'),
        ),
      );
  }
  (listAt(spec.ipFamilies, specPath.child('ipFamilies'), errs) ?? []).forEach((f, i) =>
    errs.push(...validateEnum(f, ['IPv4', 'IPv6'], specPath.child('ipFamilies').index(i))),
  );
  const policies = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];
  errs.push(...validateEnum(spec.ipFamilyPolicy, policies, specPath.child('ipFamilyPolicy'), true));
  return errs;
}

/** A cluster IP, once allocated, stays (switching to or from ExternalName excepted). */
export function validateServiceUpdate(service: Obj, old: Obj): FieldError[] {
  const spec = isRecord(service.spec) ? service.spec : {};
  const oldSpec = isRecord(old.spec) ? old.spec : {};
  if (spec.type === 'ExternalName' || oldSpec.type === 'ExternalName') return [];
  if (oldSpec.clusterIP && spec.clusterIP !== oldSpec.clusterIP) {
    return [invalid(path('spec').child('clusterIP'), spec.clusterIP ?? '', 'field is immutable')];
  }
  return [];
}
