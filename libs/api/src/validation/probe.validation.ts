/** Liveness, readiness and startup probes (core/validation `validateProbe`). */
import { FieldError, FieldPath, forbidden, invalid, required } from '../errors';
import { integerAt, listAt, objectAt, Obj, stringAt } from './shape';
import {
  validateEnum,
  validateNonnegative,
  validatePortNumber,
  validatePortNumOrName,
} from './values.validation';

const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

function validateHandler(probe: Obj, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const present = handlers.filter((h) => probe[h] !== undefined && probe[h] !== null);
  if (present.length === 0) errs.push(required(fieldPath, 'must specify a handler type'));
  for (const extra of present.slice(1))
    errs.push(forbidden(fieldPath.child(extra), 'may not specify more than 1 handler type'));
  const exec = objectAt(probe.exec, fieldPath.child('exec'), errs);
  if (exec) {
    const command = listAt(exec.command, fieldPath.child('exec').child('command'), errs);
    if (!command || command.length === 0) errs.push(required(fieldPath.child('exec').child('command')));
  }
  const httpGet = objectAt(probe.httpGet, fieldPath.child('httpGet'), errs);
  if (httpGet) {
    errs.push(...validatePortNumOrName(httpGet.port, fieldPath.child('httpGet').child('port')));
    stringAt(httpGet.path, fieldPath.child('httpGet').child('path'), errs);
    errs.push(
      ...validateEnum(httpGet.scheme, ['HTTP', 'HTTPS'], fieldPath.child('httpGet').child('scheme'), true),
    );
  }
  const tcpSocket = objectAt(probe.tcpSocket, fieldPath.child('tcpSocket'), errs);
  if (tcpSocket)
    errs.push(...validatePortNumOrName(tcpSocket.port, fieldPath.child('tcpSocket').child('port')));
  const grpc = objectAt(probe.grpc, fieldPath.child('grpc'), errs);
  if (grpc) {
    const port = integerAt(grpc.port, fieldPath.child('grpc').child('port'), errs);
    errs.push(...validatePortNumber(port ?? 0, fieldPath.child('grpc').child('port')));
  }
  return errs;
}

const counters = [
  'initialDelaySeconds',
  'timeoutSeconds',
  'periodSeconds',
  'successThreshold',
  'failureThreshold',
];

/** `successMustBeOne` for liveness and startup probes, which act on the first success. */
export function validateProbe(value: unknown, fieldPath: FieldPath, successMustBeOne: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const probe = objectAt(value, fieldPath, errs);
  if (!probe) return errs;
  errs.push(...validateHandler(probe, fieldPath));
  for (const c of counters) {
    errs.push(...validateNonnegative(integerAt(probe[c], fieldPath.child(c), errs), fieldPath.child(c)));
  }
  if (successMustBeOne && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    errs.push(invalid(fieldPath.child('successThreshold'), probe.successThreshold, 'must be 1'));
  }
  const grace = integerAt(
    probe.terminationGracePeriodSeconds,
    fieldPath.child('terminationGracePeriodSeconds'),
    errs,
  );
  if (grace !== undefined && grace <= 0) {
    errs.push(invalid(fieldPath.child('terminationGracePeriodSeconds'), grace, 'must be greater than 0'));
  }
  return errs;
}
