import type { Endpoints, Service } from '@orchestra/api';
import type { Question } from 'dns-packet';
import { staticClusterView } from './cluster.view';
import { answerQuestion, DNS_SCHEMA_VERSION, type ZoneOptions } from './kubernetes.zone';

const options: ZoneOptions = { domain: 'cluster.local', ttl: 5, pods: 'verified' };

function service(name: string, namespace: string, spec: Service['spec']): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec };
}

const web = service('web', 'shop', {
  clusterIP: '10.96.0.20',
  clusterIPs: ['10.96.0.20'],
  ports: [
    { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
    { name: 'metrics', port: 9100, protocol: 'TCP' },
  ],
  selector: { app: 'web' },
});
const db = service('db', 'shop', {
  clusterIP: 'None',
  ports: [{ name: 'postgres', port: 5432, protocol: 'TCP' }],
  selector: { app: 'db' },
});
const dbEndpoints: Endpoints = {
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata: { name: 'db', namespace: 'shop' },
  subsets: [
    {
      addresses: [
        { ip: '10.244.1.5', hostname: 'db-0' },
        { ip: '10.244.2.7', hostname: 'db-1' },
        { ip: '10.244.3.9' },
      ],
      notReadyAddresses: [{ ip: '10.244.1.8', hostname: 'db-2' }],
      ports: [{ name: 'postgres', port: 5432, protocol: 'TCP' }],
    },
  ],
};
const lonely = service('lonely', 'shop', { clusterIP: 'None', selector: { app: 'none' } });
const external = service('search', 'shop', { type: 'ExternalName', externalName: 'search.example.com.' });

const view = staticClusterView({
  services: [web, db, lonely, external],
  endpoints: [dbEndpoints],
  namespaces: ['shop', 'default'],
  pods: [{ namespace: 'shop', ip: '10.244.1.5' }],
  serial: 1700000000,
});

const ask = (name: string, type: Question['type'] = 'A', opts: ZoneOptions = options) =>
  answerQuestion({ name, type }, view, opts);
const data = (answer: ReturnType<typeof ask>) => answer.answers.map((a) => (a as { data: unknown }).data);

describe('answerQuestion (the kubernetes zone)', () => {
  it("answers a Service's name with its clusterIP, TTL 5, authoritatively", () => {
    const answer = ask('web.shop.svc.cluster.local');
    expect(answer).toMatchObject({ rcode: 'NOERROR', authoritative: true, zone: 'cluster.local.' });
    expect(answer.answers).toEqual([
      { type: 'A', name: 'web.shop.svc.cluster.local', ttl: 5, data: '10.96.0.20' },
    ]);
  });

  it('matches names case-insensitively, with or without the root dot, and answers in the spelling asked', () => {
    const answer = ask('Web.Shop.SVC.Cluster.Local.');
    expect(data(answer)).toEqual(['10.96.0.20']);
    expect(answer.answers[0].name).toBe('Web.Shop.SVC.Cluster.Local.');
  });

  it('answers AAAA for an IPv4-only Service with no data (NOERROR, SOA in authority), not NXDOMAIN', () => {
    const answer = ask('web.shop.svc.cluster.local', 'AAAA');
    expect(answer.rcode).toBe('NOERROR');
    expect(answer.answers).toEqual([]);
    expect(answer.authorities).toEqual([
      expect.objectContaining({
        type: 'SOA',
        name: 'cluster.local',
        data: expect.objectContaining({ serial: 1700000000, minimum: 5 }),
      }),
    ]);
  });

  it('answers a headless Service with the IPs of its ready endpoints only', () => {
    expect(data(ask('db.shop.svc.cluster.local'))).toEqual(['10.244.1.5', '10.244.2.7', '10.244.3.9']);
  });

  it('answers a headless Service without ready endpoints NXDOMAIN, as CoreDNS does', () => {
    expect(ask('lonely.shop.svc.cluster.local').rcode).toBe('NXDOMAIN');
  });

  it('names each endpoint of a headless Service by its hostname (StatefulSet pods), the others by their dashed IP', () => {
    expect(data(ask('db-1.db.shop.svc.cluster.local'))).toEqual(['10.244.2.7']);
    expect(data(ask('10-244-3-9.db.shop.svc.cluster.local'))).toEqual(['10.244.3.9']);
    // Not ready: no record.
    expect(ask('db-2.db.shop.svc.cluster.local').rcode).toBe('NXDOMAIN');
    expect(ask('db-9.db.shop.svc.cluster.local').rcode).toBe('NXDOMAIN');
  });

  it("answers SRV for a clusterIP Service's named port with the Service as target and its A record as additional", () => {
    const answer = ask('_http._tcp.web.shop.svc.cluster.local', 'SRV');
    expect(answer.rcode).toBe('NOERROR');
    expect(data(answer)).toEqual([
      { priority: 0, weight: 100, port: 80, target: 'web.shop.svc.cluster.local' },
    ]);
    expect(answer.additionals).toEqual([
      { type: 'A', name: 'web.shop.svc.cluster.local', ttl: 5, data: '10.96.0.20' },
    ]);
    expect(ask('_http._udp.web.shop.svc.cluster.local', 'SRV').rcode).toBe('NXDOMAIN');
    expect(ask('_grpc._tcp.web.shop.svc.cluster.local', 'SRV').rcode).toBe('NXDOMAIN');
  });

  it('answers SRV for a headless Service with one record per ready endpoint, targeting its own name', () => {
    const answer = ask('_postgres._tcp.db.shop.svc.cluster.local', 'SRV');
    expect(data(answer)).toEqual([
      { priority: 0, weight: 33, port: 5432, target: 'db-0.db.shop.svc.cluster.local' },
      { priority: 0, weight: 33, port: 5432, target: 'db-1.db.shop.svc.cluster.local' },
      { priority: 0, weight: 33, port: 5432, target: '10-244-3-9.db.shop.svc.cluster.local' },
    ]);
    expect(answer.additionals.map((a) => [a.name, (a as { data: string }).data])).toEqual([
      ['db-0.db.shop.svc.cluster.local', '10.244.1.5'],
      ['db-1.db.shop.svc.cluster.local', '10.244.2.7'],
      ['10-244-3-9.db.shop.svc.cluster.local', '10.244.3.9'],
    ]);
  });

  it("answers SRV for a Service's own name with every named port", () => {
    expect(data(ask('web.shop.svc.cluster.local', 'SRV')).map((d) => (d as { port: number }).port)).toEqual([
      80, 9100,
    ]);
  });

  it('answers an SRV name asked for A with no data', () => {
    const answer = ask('_http._tcp.web.shop.svc.cluster.local', 'A');
    expect([answer.rcode, answer.answers]).toEqual(['NOERROR', []]);
  });

  it('answers unknown names in the cluster domain NXDOMAIN with the SOA in authority', () => {
    for (const name of [
      'nope.shop.svc.cluster.local',
      'web.elsewhere.svc.cluster.local',
      'a.b.c.d.e.svc.cluster.local',
      'web.shop.cluster.local',
      'nothing.cluster.local',
    ]) {
      const answer = ask(name);
      expect([name, answer.rcode, answer.authorities.map((a) => a.type)]).toEqual([
        name,
        'NXDOMAIN',
        ['SOA'],
      ]);
    }
  });

  it('answers an existing namespace and the zone apex with no data, an unknown namespace NXDOMAIN', () => {
    expect(ask('shop.svc.cluster.local').rcode).toBe('NOERROR');
    expect(ask('svc.cluster.local').rcode).toBe('NOERROR');
    expect(ask('ghost.svc.cluster.local').rcode).toBe('NXDOMAIN');
    const soa = ask('cluster.local', 'SOA');
    expect(soa.answers).toEqual([
      expect.objectContaining({
        type: 'SOA',
        data: expect.objectContaining({ mname: 'ns.dns.cluster.local', rname: 'hostmaster.cluster.local' }),
      }),
    ]);
  });

  it('refuses names outside its zones (it forwards nothing), not authoritatively', () => {
    const answer = ask('example.com');
    expect(answer).toMatchObject({
      rcode: 'REFUSED',
      authoritative: false,
      zone: '.',
      plugin: '',
      answers: [],
    });
    expect(ask('cluster.local.example.com').rcode).toBe('REFUSED');
  });

  it('answers an ExternalName Service with a CNAME to its external name, whatever the type', () => {
    for (const type of ['A', 'AAAA', 'CNAME'] as const)
      expect(ask('search.shop.svc.cluster.local', type).answers).toEqual([
        { type: 'CNAME', name: 'search.shop.svc.cluster.local', ttl: 5, data: 'search.example.com' },
      ]);
  });

  it('answers pod names by CLUSTER_DNS_PODS: verified only for a pod of that namespace, insecure for any, disabled never', () => {
    expect(data(ask('10-244-1-5.shop.pod.cluster.local'))).toEqual(['10.244.1.5']);
    expect(ask('10-244-1-5.default.pod.cluster.local').rcode).toBe('NXDOMAIN');
    expect(ask('10-244-9-9.shop.pod.cluster.local').rcode).toBe('NXDOMAIN');
    expect(data(ask('10-244-9-9.shop.pod.cluster.local', 'A', { ...options, pods: 'insecure' }))).toEqual([
      '10.244.9.9',
    ]);
    expect(ask('10-244-1-5.shop.pod.cluster.local', 'A', { ...options, pods: 'disabled' }).rcode).toBe(
      'NXDOMAIN',
    );
    expect(ask('not-an-ip.shop.pod.cluster.local', 'A', { ...options, pods: 'insecure' }).rcode).toBe(
      'NXDOMAIN',
    );
  });

  it('answers PTR for clusterIPs and ready endpoint IPs, NXDOMAIN for others', () => {
    expect(data(ask('20.0.96.10.in-addr.arpa', 'PTR'))).toEqual(['web.shop.svc.cluster.local']);
    const endpoint = ask('5.1.244.10.in-addr.arpa', 'PTR');
    expect([endpoint.zone, data(endpoint)]).toEqual(['in-addr.arpa.', ['db-0.db.shop.svc.cluster.local']]);
    expect(ask('1.1.1.1.in-addr.arpa', 'PTR').rcode).toBe('NXDOMAIN');
  });

  it('publishes the schema version at dns-version.<domain>', () => {
    expect(data(ask('dns-version.cluster.local', 'TXT'))).toEqual([DNS_SCHEMA_VERSION]);
  });

  it('serves another cluster domain when told to', () => {
    const answer = answerQuestion({ name: 'web.shop.svc.corp.internal', type: 'A' }, view, {
      ...options,
      domain: 'corp.internal',
    });
    expect(data(answer)).toEqual(['10.96.0.20']);
    expect(ask('web.shop.svc.corp.internal').rcode).toBe('REFUSED');
  });
});
