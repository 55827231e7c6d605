/**
 * The load balancers' external addresses: an IPv4 range (a CIDR such as 127.0.100.0/24, or
 * `first-last`), handed out lowest first. Pure: the cloud passes the addresses in use, so the
 * pool holds no state of its own and a restart cannot leak or double-book an address.
 */

export class IpRangeError extends Error {
  override name = 'IpRangeError';
}

export interface IpRange {
  first: number;
  last: number;
}

function parseIPv4(text: string, range: string): number {
  const parts = text.trim().split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255))
    throw new IpRangeError(`"${range}": "${text}" is not an IPv4 address`);
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/**
 * A CIDR gives its hosts (neither the network nor the broadcast address, unless it is a /31 or
 * /32); `first-last` gives exactly those addresses.
 */
export function parseIpRange(text: string): IpRange {
  const dash = text.split('-');
  if (dash.length === 2) {
    const first = parseIPv4(dash[0], text);
    const last = parseIPv4(dash[1], text);
    if (last < first) throw new IpRangeError(`"${text}": the last address comes before the first`);
    return { first, last };
  }
  const [address, bits, ...rest] = text.split('/');
  if (rest.length > 0 || bits === undefined || !/^\d{1,2}$/.test(bits) || Number(bits) > 32)
    throw new IpRangeError(`"${text}" is neither a CIDR (127.0.100.0/24) nor a range (a.b.c.d-a.b.c.e)`);
  const prefix = Number(bits);
  const size = 2 ** (32 - prefix);
  const network = Math.floor(parseIPv4(address, text) / size) * size;
  if (size <= 2) return { first: network, last: network + size - 1 };
  return { first: network + 1, last: network + size - 2 };
}

export function rangeSize(range: IpRange): number {
  return range.last - range.first + 1;
}

export function inRange(range: IpRange, ip: string): boolean {
  try {
    const n = parseIPv4(ip, ip);
    return n >= range.first && n <= range.last;
  } catch {
    return false;
  }
}

/** The lowest address of the range not in `used`, or undefined when the range is exhausted. */
export function allocateIp(range: IpRange, used: Iterable<string>): string | undefined {
  const taken = new Set(used);
  for (let n = range.first; n <= range.last; n++) {
    const ip = formatIPv4(n);
    if (!taken.has(ip)) return ip;
  }
  return undefined;
}
