import { allocateIp, inRange, IpRangeError, parseIpRange, rangeSize } from './ip-pool';

describe('load balancer IP pool', () => {
  it('gives the hosts of a CIDR, not its network or broadcast address', () => {
    const range = parseIpRange('127.0.100.0/24');
    expect(rangeSize(range)).toBe(254);
    expect(allocateIp(range, [])).toBe('127.0.100.1');
    expect(inRange(range, '127.0.100.254')).toBe(true);
    expect(inRange(range, '127.0.100.255')).toBe(false);
    expect(inRange(range, '127.0.100.0')).toBe(false);
  });

  it('hands out the lowest free address, reusing a released one', () => {
    const range = parseIpRange('127.0.100.0/24');
    expect(allocateIp(range, ['127.0.100.1', '127.0.100.2'])).toBe('127.0.100.3');
    // .1 released: it is the next one handed out.
    expect(allocateIp(range, ['127.0.100.2', '127.0.100.3'])).toBe('127.0.100.1');
  });

  it('is exhausted when every address is in use', () => {
    const range = parseIpRange('10.0.0.10-10.0.0.11');
    expect(rangeSize(range)).toBe(2);
    expect(allocateIp(range, ['10.0.0.10'])).toBe('10.0.0.11');
    expect(allocateIp(range, ['10.0.0.10', '10.0.0.11'])).toBeUndefined();
  });

  it('takes a /32 as one address and normalises a CIDR written from a host address', () => {
    expect(allocateIp(parseIpRange('127.0.100.7/32'), [])).toBe('127.0.100.7');
    expect(allocateIp(parseIpRange('127.0.100.9/30'), [])).toBe('127.0.100.9');
  });

  it.each(['127.0.100.0', '127.0.100.0/33', '127.0.300.0/24', '10.0.0.9-10.0.0.1', 'a-b-c'])(
    'refuses %s',
    (text) => expect(() => parseIpRange(text)).toThrow(IpRangeError),
  );
});
