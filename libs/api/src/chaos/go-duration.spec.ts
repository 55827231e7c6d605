import { formatGoDuration, parseGoDuration } from './go-duration';

describe(parseGoDuration.name, () => {
  it.each([
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    ['0', 0],
    ['0s', 0],
  ])('%s is %d ms', (text, ms) => expect(parseGoDuration(text)).toBe(ms));

  it.each(['', '30', 's', '-1s', '1d', '1m 30s'])('rejects %j', (text) =>
    expect(parseGoDuration(text)).toBeUndefined(),
  );

  it('formats as Go does', () => {
    expect(formatGoDuration(90_000)).toBe('1m30s');
    expect(formatGoDuration(3_600_000)).toBe('1h0m0s');
    expect(formatGoDuration(250)).toBe('250ms');
  });
});
