import * as dnsPacket from 'dns-packet';
import type { Endpoints, Service } from '@orchestra/api';
import { createLogger } from '@orchestra/observability';
import { Registry } from 'prom-client';
import { ClusterDnsMetrics } from '../cluster-dns.metrics';
import { staticClusterView } from '../records/cluster.view';
import { DnsQueryHandler, type QueryOrigin } from './dns-query.handler';

const many: Endpoints = {
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata: { name: 'many', namespace: 'default' },
  subsets: [{ addresses: Array.from({ length: 60 }, (_, i) => ({ ip: `10.244.0.${i + 1}` })) }],
};
const services: Service[] = [
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { clusterIP: '10.96.0.7' },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'many', namespace: 'default' },
    spec: { clusterIP: 'None' },
  },
];
const udp: QueryOrigin = { proto: 'udp', family: 'IPv4', remote: '127.0.0.1:5353' };

function setup(synced = true) {
  const registry = new Registry();
  const handler = new DnsQueryHandler({
    view: staticClusterView({ services, endpoints: [many], namespaces: ['default'] }),
    zone: { domain: 'cluster.local', ttl: 5, pods: 'verified' },
    metrics: new ClusterDnsMetrics(registry),
    logger: createLogger({ component: 'cluster-dns-spec', level: 'error' }),
    server: 'dns://127.0.0.1:10053',
    synced: () => synced,
  });
  return { handler, registry };
}

const query = (name: string, type: dnsPacket.RecordType = 'A', extra: Partial<dnsPacket.Packet> = {}) =>
  dnsPacket.encode({
    type: 'query',
    id: 4242,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type, name }],
    ...extra,
  });

const rcodeOf = (packet: dnsPacket.DecodedPacket) => (packet as unknown as { rcode: string }).rcode;

describe(DnsQueryHandler.name, () => {
  it('answers with the query id, the question, AA and RD, and NOERROR', () => {
    const response = dnsPacket.decode(setup().handler.handle(query('web.default.svc.cluster.local'), udp)!);
    expect(response).toMatchObject({ id: 4242, type: 'response', flag_aa: true, flag_rd: true });
    expect(rcodeOf(response)).toBe('NOERROR');
    expect(response.questions).toEqual([{ name: 'web.default.svc.cluster.local', type: 'A', class: 'IN' }]);
    expect(response.answers).toEqual([expect.objectContaining({ type: 'A', ttl: 5, data: '10.96.0.7' })]);
  });

  it('sets the rcode bits: NXDOMAIN with the SOA, REFUSED without AA', () => {
    const { handler } = setup();
    const nx = dnsPacket.decode(handler.handle(query('gone.default.svc.cluster.local'), udp)!);
    expect([rcodeOf(nx), nx.authorities?.map((a) => a.type)]).toEqual(['NXDOMAIN', ['SOA']]);
    const refused = dnsPacket.decode(handler.handle(query('example.com'), udp)!);
    expect([rcodeOf(refused), refused.flag_aa]).toEqual(['REFUSED', false]);
  });

  it('truncates a UDP answer above 512 bytes (TC set, no records), but not over TCP or within the EDNS size', () => {
    const { handler } = setup();
    const plain = dnsPacket.decode(handler.handle(query('many.default.svc.cluster.local'), udp)!);
    expect([plain.flag_tc, plain.answers?.length]).toEqual([true, 0]);
    const tcp = dnsPacket.decode(
      handler.handle(query('many.default.svc.cluster.local'), { ...udp, proto: 'tcp' })!,
    );
    expect([tcp.flag_tc, tcp.answers?.length]).toEqual([false, 60]);
    const opt = {
      type: 'OPT',
      name: '.',
      udpPayloadSize: 4096,
      extendedRcode: 0,
      ednsVersion: 0,
      flags: 0,
      flag_do: false,
      options: [],
    };
    const edns = dnsPacket.decode(
      handler.handle(
        query('many.default.svc.cluster.local', 'A', { additionals: [opt as dnsPacket.Answer] }),
        udp,
      )!,
    );
    expect([edns.flag_tc, edns.answers?.length]).toEqual([false, 60]);
    // EDNS is answered in kind.
    expect(edns.additionals?.map((a) => a.type)).toEqual(['OPT']);
  });

  it('answers SERVFAIL until the caches have synced', () => {
    const response = dnsPacket.decode(
      setup(false).handler.handle(query('web.default.svc.cluster.local'), udp)!,
    );
    expect(rcodeOf(response)).toBe('SERVFAIL');
    expect(response.answers).toEqual([]);
  });

  it('answers FORMERR to a message it cannot decode (keeping its id), nothing to one without a header', () => {
    const { handler } = setup();
    const garbage = Buffer.concat([
      Buffer.from([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]),
      Buffer.from([0xff, 0xff]),
    ]);
    const response = dnsPacket.decode(handler.handle(garbage, udp)!);
    expect([response.id, rcodeOf(response)]).toEqual([0x1234, 'FORMERR']);
    expect(handler.handle(Buffer.from([1, 2, 3]), udp)).toBeUndefined();
  });

  it('counts requests by zone, proto, family and type, and responses by rcode and plugin', async () => {
    const { handler, registry } = setup();
    handler.handle(query('web.default.svc.cluster.local'), udp);
    handler.handle(query('web.default.svc.cluster.local', 'AAAA'), { ...udp, proto: 'tcp', family: 'IPv6' });
    handler.handle(query('x.default.svc.cluster.local', 'SRV'), udp);
    handler.handle(query('example.com', 'MX'), udp);
    const text = await registry.metrics();
    const server = 'server="dns://127.0.0.1:10053"';
    expect(text).toContain(
      `coredns_dns_requests_total{${server},zone="cluster.local.",proto="udp",family="1",type="A"} 1`,
    );
    expect(text).toContain(
      `coredns_dns_requests_total{${server},zone="cluster.local.",proto="tcp",family="2",type="AAAA"} 1`,
    );
    expect(text).toContain(
      `coredns_dns_requests_total{${server},zone=".",proto="udp",family="1",type="MX"} 1`,
    );
    expect(text).toContain(
      `coredns_dns_responses_total{${server},zone="cluster.local.",rcode="NOERROR",plugin="kubernetes"} 2`,
    );
    expect(text).toContain(
      `coredns_dns_responses_total{${server},zone="cluster.local.",rcode="NXDOMAIN",plugin="kubernetes"} 1`,
    );
    expect(text).toContain(`coredns_dns_responses_total{${server},zone=".",rcode="REFUSED",plugin=""} 1`);
    expect(text).toMatch(/coredns_dns_request_duration_seconds_count\{[^}]*type="A"\} 1/);
  });
});
