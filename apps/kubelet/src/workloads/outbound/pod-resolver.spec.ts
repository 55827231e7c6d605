import { createSocket } from 'node:dgram';
import * as dnsPacket from 'dns-packet';
import { resolveInPod, searchCandidates } from './pod-resolver';

describe(searchCandidates.name, () => {
  const conf = { searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], ndots: 5 };

  it('tries the search domains first for a name with fewer dots than ndots, then the name itself', () => {
    expect(searchCandidates('backend', conf)).toEqual([
      'backend.shop.svc.cluster.local',
      'backend.svc.cluster.local',
      'backend.cluster.local',
      'backend',
    ]);
    // ndots:5 also sends a full Service name through the search list first, as in a real pod.
    expect(searchCandidates('backend.shop.svc.cluster.local', conf)[0]).toBe(
      'backend.shop.svc.cluster.local.shop.svc.cluster.local',
    );
  });

  it('tries a name with at least ndots dots as is first', () => {
    expect(searchCandidates('a.b.c.d.e.f', conf)[0]).toBe('a.b.c.d.e.f');
    expect(searchCandidates('example.com', { ...conf, ndots: 1 })[0]).toBe('example.com');
  });

  it('takes a name with a trailing dot as absolute: no search', () => {
    expect(searchCandidates('backend.shop.svc.cluster.local.', conf)).toEqual([
      'backend.shop.svc.cluster.local',
    ]);
  });
});

describe(resolveInPod.name, () => {
  /** A nameserver on loopback that knows one name (NXDOMAIN for the others), or answers nothing at all. */
  async function nameserver(answer: boolean): Promise<{ address: string; asked: string[]; close(): void }> {
    const socket = createSocket('udp4');
    const asked: string[] = [];
    socket.on('message', (message, remote) => {
      const query = dnsPacket.decode(message);
      const name = query.questions![0].name;
      asked.push(name);
      if (!answer) return;
      const known = name === 'backend.shop.svc.cluster.local';
      const response = dnsPacket.encode({
        type: 'response',
        id: query.id,
        flags: dnsPacket.AUTHORITATIVE_ANSWER | (known ? 0 : 3),
        questions: query.questions,
        answers: known ? [{ type: 'A', name, ttl: 5, data: '10.96.0.12' }] : [],
      });
      socket.send(response, remote.port, remote.address);
    });
    await new Promise<void>((done) => socket.bind(0, '127.0.0.1', done));
    return { address: `127.0.0.1:${socket.address().port}`, asked, close: () => socket.close() };
  }
  const searches = ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];

  it('finds a short name through the first search domain, with a real query to the nameserver', async () => {
    const server = await nameserver(true);
    try {
      const conf = { nameservers: [server.address], searches, ndots: 5 };
      expect(await resolveInPod('backend', conf)).toEqual({
        name: 'backend.shop.svc.cluster.local',
        address: '10.96.0.12',
      });
      await expect(resolveInPod('nothing', conf)).rejects.toMatchObject({
        code: 'ENOTFOUND',
        tried: [
          'nothing.shop.svc.cluster.local',
          'nothing.svc.cluster.local',
          'nothing.cluster.local',
          'nothing',
        ],
      });
      expect(server.asked.slice(-4)).toEqual([
        'nothing.shop.svc.cluster.local',
        'nothing.svc.cluster.local',
        'nothing.cluster.local',
        'nothing',
      ]);
    } finally {
      server.close();
    }
  });

  it('gives up with ETIMEOUT at the deadline when the nameserver does not answer', async () => {
    const server = await nameserver(false);
    try {
      const started = Date.now();
      await expect(
        resolveInPod('backend', { nameservers: [server.address], searches, ndots: 5 }, { deadlineMs: 300 }),
      ).rejects.toMatchObject({ code: 'ETIMEOUT' });
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      server.close();
    }
  });
});
