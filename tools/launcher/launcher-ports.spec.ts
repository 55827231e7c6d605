import { readLauncherConfig } from './launcher-config';

/**
 * Browsers and Node's fetch refuse the Fetch standard's "bad ports" (10080 among them): a default
 * port there would make Services or dashboards unreachable from a browser and from `npm run
 * demo`. A fetch to each default port on loopback may be refused by the OS, never by fetch itself.
 */
describe("the launcher's default ports", () => {
  it('are all ones fetch will connect to', async () => {
    const config = readLauncherConfig({});
    const ports = Object.entries(config).filter(
      ([name, value]) => name.endsWith('_PORT') && typeof value === 'number' && value > 0,
    );
    expect(ports.map(([name]) => name)).toContain('PROXY_TRAFFIC_PORT');
    const refusedByFetch: string[] = [];
    for (const [name, port] of ports) {
      const error = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) }).then(
        () => undefined,
        (e: Error) => e.cause as Error | undefined,
      );
      if (error?.message === 'bad port') refusedByFetch.push(`${name}=${port}`);
    }
    expect(refusedByFetch).toEqual([]);
  });
});
