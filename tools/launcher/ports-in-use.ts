/**
 * Before starting anything, the launcher checks that every port it is about to use is free: a
 * second `npm start` (or anything else on 8080) would otherwise have its components fail one by
 * one while the launcher, finding an apiserver answering on its port, said the playground was up.
 */
import { createServer } from 'node:net';

export interface NamedPort {
  name: string;
  port: number;
}

/** The ports of `ports` that something already listens on at `host`. */
export async function portsInUse(host: string, ports: readonly NamedPort[]): Promise<NamedPort[]> {
  const taken: NamedPort[] = [];
  for (const entry of ports) if (!(await canListen(host, entry.port))) taken.push(entry);
  return taken;
}

function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
