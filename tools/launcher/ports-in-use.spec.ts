import { createServer, type AddressInfo, type Server } from 'node:net';
import { portsInUse } from './ports-in-use';

describe(portsInUse.name, () => {
  let busy: Server;
  let busyPort: number;

  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it('names the ports something listens on, and only those', async () => {
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const freePort = (free.address() as AddressInfo).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    expect(
      await portsInUse('127.0.0.1', [
        { name: 'APISERVER_PORT', port: busyPort },
        { name: 'SCHEDULER_PORT', port: freePort },
      ]),
    ).toEqual([{ name: 'APISERVER_PORT', port: busyPort }]);
  });
});
