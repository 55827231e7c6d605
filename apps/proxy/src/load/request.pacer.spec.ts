import { RequestPacer } from './request.pacer';

describe(RequestPacer.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function run(rps: number, ms: number): number[] {
    const sentAt: number[] = [];
    const pacer = new RequestPacer(rps, () => sentAt.push(Date.now() - start), Date.now);
    const start = Date.now();
    pacer.start();
    jest.advanceTimersByTime(ms);
    pacer.stop();
    return sentAt;
  }

  it('sends rps requests a second, evenly spaced', () => {
    const sentAt = run(20, 999);
    expect(sentAt).toHaveLength(20);
    expect(sentAt.slice(0, 3)).toEqual([0, 50, 100]);
  });

  it('keeps its rate when the rate does not divide a millisecond', () => {
    expect(run(300, 10_000 - 1)).toHaveLength(3000);
  });

  it('sends nothing after stop', () => {
    const send = jest.fn();
    const pacer = new RequestPacer(100, send, Date.now);
    pacer.start();
    pacer.stop();
    jest.advanceTimersByTime(1000);
    expect(send).toHaveBeenCalledTimes(1);
  });
});
