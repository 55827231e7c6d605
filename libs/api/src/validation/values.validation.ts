/**
 * Small field rules shared by the kinds (core/validation `ValidateNonnegativeField`, port numbers,
 * IPs and CIDRs, enums), each returning field errors at the given path.
 */
import { isIP } from 'node:net';
import { FieldError, FieldPath, invalid, notSupported, required } from '../errors';
import { isValidPortName, isValidPortNum } from './names.validation';

export function validateNonnegative(value: number | undefined, fieldPath: FieldPath): FieldError[] {
  return value !== undefined && value < 0
    ? [invalid(fieldPath, value, 'must be greater than or equal to 0')]
    : [];
}

export function validatePositive(value: number | undefined, fieldPath: FieldPath): FieldError[] {
  return value !== undefined && value <= 0 ? [invalid(fieldPath, value, 'must be greater than 0')] : [];
}

export function validatePortNumber(port: number, fieldPath: FieldPath): FieldError[] {
  return isValidPortNum(port).map((m) => invalid(fieldPath, port, m));
}

/** A port given by number or by IANA name (probe ports, targetPort). */
export function validatePortNumOrName(port: unknown, fieldPath: FieldPath): FieldError[] {
  if (typeof port === 'number') return validatePortNumber(port, fieldPath);
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(fieldPath, port, m));
  return [invalid(fieldPath, port, 'must be an integer or a port name')];
}

/** A value that must be one of `supported`; absent is Required unless `optional`. */
export function validateEnum(
  value: unknown,
  supported: readonly string[],
  fieldPath: FieldPath,
  optional = false,
): FieldError[] {
  if (value === undefined || value === null || value === '') return optional ? [] : [required(fieldPath)];
  return typeof value === 'string' && supported.includes(value)
    ? []
    : [notSupported(fieldPath, value, supported)];
}

export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;

export const isIPAddress = (value: string): boolean => isIP(value) !== 0;

export function isCIDR(value: string): boolean {
  const [ip, bits, ...rest] = value.split('/');
  if (rest.length > 0 || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  const family = isIP(ip);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

export function validateIP(value: string, fieldPath: FieldPath): FieldError[] {
  return isIPAddress(value)
    ? []
    : [invalid(fieldPath, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
}

export function validateCIDR(value: string, fieldPath: FieldPath): FieldError[] {
  return isCIDR(value)
    ? []
    : [invalid(fieldPath, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
}
