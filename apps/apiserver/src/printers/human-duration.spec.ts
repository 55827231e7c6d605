import { humanDuration, since } from './human-duration';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

describe('humanDuration', () => {
  it.each([
    [0, '0s'],
    [-1500, '0s'], // within clock skew
    [-2 * s, '<invalid>'],
    [999, '0s'],
    [5 * s, '5s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [3 * m + 2 * s, '3m2s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 5 * m, '3h5m'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h + 30 * m, '8h'],
    [47 * h, '47h'],
    [2 * d, '2d'],
    [2 * d + 3 * h, '2d3h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d + 5 * h, '8d'],
    [729 * d, '729d'],
    [2 * y, '2y'],
    [3 * y + 45 * d, '3y45d'],
    [8 * y + 100 * d, '8y'],
  ])('%i ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('since', () => {
  const now = new Date('2026-01-10T12:00:00Z');

  it('measures against the injected clock', () => {
    expect(since('2026-01-10T11:56:58Z', now)).toBe('3m2s');
  });

  it('says <unknown> for a missing or unparsable timestamp', () => {
    expect(since(undefined, now)).toBe('<unknown>');
    expect(since('not a date', now)).toBe('<unknown>');
  });
});
