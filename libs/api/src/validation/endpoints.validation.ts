/** Endpoints validation (core/validation `ValidateEndpoints`): subsets of addresses and ports. */
import { duplicate, FieldError, FieldPath, invalid, path, required } from '../errors';
import { isDNS1123Label, isDNS1123Subdomain } from './names.validation';
import { integerAt, listAt, objectAt, Obj, stringAt } from './shape';
import { PROTOCOLS, validateEnum, validateIP, validatePortNumber } from './values.validation';

function validateAddresses(value: unknown, fieldPath: FieldPath, errs: FieldError[]): number {
  const list = listAt(value, fieldPath, errs) ?? [];
  list.forEach((item, i) => {
    const p = fieldPath.index(i);
    const address = objectAt(item, p, errs);
    if (!address) return;
    const ip = stringAt(address.ip, p.child('ip'), errs);
    if (!ip) errs.push(required(p.child('ip')));
    else errs.push(...validateIP(ip, p.child('ip')));
    const hostname = stringAt(address.hostname, p.child('hostname'), errs);
    if (hostname)
      errs.push(...isDNS1123Label(hostname).map((m) => invalid(p.child('hostname'), hostname, m)));
    const nodeName = stringAt(address.nodeName, p.child('nodeName'), errs);
    if (nodeName)
      errs.push(...isDNS1123Subdomain(nodeName).map((m) => invalid(p.child('nodeName'), nodeName, m)));
  });
  return list.length;
}

function validatePorts(value: unknown, fieldPath: FieldPath, errs: FieldError[]): void {
  const list = listAt(value, fieldPath, errs) ?? [];
  const names = new Set<string>();
  list.forEach((item, i) => {
    const p = fieldPath.index(i);
    const port = objectAt(item, p, errs);
    if (!port) return;
    const name = stringAt(port.name, p.child('name'), errs);
    if (!name) {
      if (list.length > 1) errs.push(required(p.child('name')));
    } else {
      errs.push(...isDNS1123Label(name).map((m) => invalid(p.child('name'), name, m)));
      if (names.has(name)) errs.push(duplicate(p.child('name'), name));
      names.add(name);
    }
    errs.push(...validatePortNumber(integerAt(port.port, p.child('port'), errs) ?? 0, p.child('port')));
    errs.push(...validateEnum(port.protocol, PROTOCOLS, p.child('protocol'), true));
  });
}

export function validateEndpoints(endpoints: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const subsetsPath = path('subsets');
  (listAt(endpoints.subsets, subsetsPath, errs) ?? []).forEach((item, i) => {
    const p = subsetsPath.index(i);
    const subset = objectAt(item, p, errs);
    if (!subset) return;
    const ready = validateAddresses(subset.addresses, p.child('addresses'), errs);
    const notReady = validateAddresses(subset.notReadyAddresses, p.child('notReadyAddresses'), errs);
    if (ready + notReady === 0) errs.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    const noPorts =
      subset.ports === undefined ||
      subset.ports === null ||
      (Array.isArray(subset.ports) && !subset.ports.length);
    if (noPorts) errs.push(required(p.child('ports')));
    validatePorts(subset.ports, p.child('ports'), errs);
  });
  return errs;
}
