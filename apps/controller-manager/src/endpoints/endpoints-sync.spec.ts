import { Endpoints, Pod, Service } from '@orchestra/api';
import { computeSubsets, findPort, headlessServiceLabel, syncEndpoints } from './endpoints-sync';

function service(spec: Partial<Service['spec']> = {}, labels?: Record<string, string>): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', ...(labels ? { labels } : {}) },
    spec: {
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      ...spec,
    },
  };
}

interface PodOptions {
  ip?: string | null;
  ready?: boolean;
  labels?: Record<string, string>;
  deleting?: boolean;
  phase?: NonNullable<Pod['status']>['phase'];
  ports?: { name?: string; containerPort: number; protocol?: 'TCP' | 'UDP' }[];
  rv?: string;
}

function pod(name: string, o: PodOptions = {}): Pod {
  const n = Number(name.replace(/\D/g, '') || 1);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      resourceVersion: o.rv ?? '10',
      labels: o.labels ?? { app: 'web' },
      ...(o.deleting ? { deletionTimestamp: '2025-01-01T00:00:00Z' } : {}),
    },
    spec: { nodeName: 'node-a', containers: [{ name: 'c', image: 'nginx', ports: o.ports }] },
    status: {
      phase: o.phase ?? 'Running',
      ...(o.ip === null ? {} : { podIP: o.ip ?? `10.0.0.${n}` }),
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
}

const ips = (list?: { ip: string }[]) => (list ?? []).map((a) => a.ip);

describe('endpoints sync', () => {
  it('lists the selected pods with an IP: ready ones in addresses, the others in notReadyAddresses', () => {
    const pods = [
      pod('p1'),
      pod('p2', { ready: false }),
      pod('p3', { labels: { app: 'other' } }),
      pod('p4', { ip: null }),
    ];
    expect(computeSubsets(service(), pods)).toEqual([
      {
        addresses: [
          {
            ip: '10.0.0.1',
            nodeName: 'node-a',
            targetRef: {
              kind: 'Pod',
              namespace: 'default',
              name: 'p1',
              uid: 'uid-p1',
              resourceVersion: '10',
            },
          },
        ],
        notReadyAddresses: [
          {
            ip: '10.0.0.2',
            nodeName: 'node-a',
            targetRef: {
              kind: 'Pod',
              namespace: 'default',
              name: 'p2',
              uid: 'uid-p2',
              resourceVersion: '10',
            },
          },
        ],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('leaves out terminating and finished pods', () => {
    const pods = [
      pod('p1'),
      pod('p2', { deleting: true }),
      pod('p3', { phase: 'Succeeded' }),
      pod('p4', { phase: 'Failed', ready: false }),
    ];
    const [subset] = computeSubsets(service(), pods);
    expect(ips(subset.addresses)).toEqual(['10.0.0.1']);
    expect(subset.notReadyAddresses).toBeUndefined();
  });

  it('with publishNotReadyAddresses puts every pod, terminating ones too, in addresses', () => {
    const svc = service({ publishNotReadyAddresses: true } as Partial<Service['spec']>);
    const [subset] = computeSubsets(svc, [pod('p1', { ready: false }), pod('p2', { deleting: true })]);
    expect(ips(subset.addresses)).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(subset.notReadyAddresses).toBeUndefined();
  });

  it('resolves a named targetPort on each pod; a pod without that port is left out of that port only', () => {
    const svc = service({
      ports: [
        { name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' },
        { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' },
      ],
    });
    const pods = [
      pod('p1', { ports: [{ name: 'web', containerPort: 8080 }] }),
      pod('p2', { ports: [{ name: 'web', containerPort: 8081 }] }),
      pod('p3', { ports: [{ name: 'other', containerPort: 8080 }] }),
    ];
    const subsets = computeSubsets(svc, pods);
    // Ports are grouped by the set of addresses offering them (RepackSubsets): one pod may be in two.
    expect(subsets.map((s) => [ips(s.addresses), s.ports?.map((p) => `${p.name}:${p.port}`)])).toEqual([
      [['10.0.0.1'], ['http:8080']],
      [['10.0.0.2'], ['http:8081']],
      [['10.0.0.1', '10.0.0.2', '10.0.0.3'], ['metrics:9090']],
    ]);
  });

  it('matches a named port only with the service port protocol; a missing targetPort is the port', () => {
    const withUdp = pod('p1', { ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] });
    expect(findPort(withUdp, { name: 'dns', port: 53, targetPort: 'dns', protocol: 'TCP' })).toBeUndefined();
    expect(findPort(withUdp, { name: 'dns', port: 53, targetPort: 'dns', protocol: 'UDP' })).toBe(53);
    expect(findPort(withUdp, { port: 8443 })).toBe(8443);
  });

  it('gives the same subsets, sorted by IP, whatever the order of the pods', () => {
    const pods = [pod('p3'), pod('p1', { ready: false }), pod('p12'), pod('p2')];
    const forward = computeSubsets(service(), pods);
    expect(computeSubsets(service(), [...pods].reverse())).toEqual(forward);
    expect(ips(forward[0].addresses)).toEqual(['10.0.0.12', '10.0.0.2', '10.0.0.3']);
  });

  it('publishes the hostname only of pods whose subdomain is the service', () => {
    const named = (subdomain: string) => {
      const p = pod('p1');
      p.spec.hostname = 'web-0';
      p.spec.subdomain = subdomain;
      return p;
    };
    expect(computeSubsets(service(), [named('web')])[0].addresses?.[0].hostname).toBe('web-0');
    expect(computeSubsets(service(), [named('db')])[0].addresses?.[0].hostname).toBeUndefined();
  });

  describe(syncEndpoints.name, () => {
    it('leaves the Endpoints of a service without a selector (or an empty one) alone', () => {
      expect(syncEndpoints(service({ selector: undefined }), [pod('p1')])).toEqual({
        action: 'none',
        reason: 'no-selector',
      });
      expect(syncEndpoints(service({ selector: {} }), [pod('p1')]).action).toBe('none');
    });

    it('creates Endpoints named after the service, with its labels (and the headless label)', () => {
      const sync = syncEndpoints(service({ clusterIP: 'None' }, { tier: 'front' }), [pod('p1')]);
      expect(sync.action).toBe('create');
      const created = (sync as { endpoints: Endpoints }).endpoints;
      expect(created.metadata).toEqual({
        name: 'web',
        namespace: 'default',
        labels: { tier: 'front', [headlessServiceLabel]: '' },
      });
      expect(ips(created.subsets?.[0].addresses)).toEqual(['10.0.0.1']);
    });

    it('writes nothing when only the pods resourceVersions changed', () => {
      const created = syncEndpoints(service(), [pod('p1'), pod('p2', { ready: false })]) as {
        endpoints: Endpoints;
      };
      const stored = {
        ...created.endpoints,
        metadata: { ...created.endpoints.metadata, resourceVersion: '7' },
      };
      const later = [pod('p2', { ready: false, rv: '99' }), pod('p1', { rv: '42' })];
      expect(syncEndpoints(service(), later, stored)).toEqual({ action: 'none', reason: 'unchanged' });
    });

    it('updates the stored object (keeping its resourceVersion) when readiness or labels change', () => {
      const created = syncEndpoints(service(), [pod('p1')]) as { endpoints: Endpoints };
      const stored = {
        ...created.endpoints,
        metadata: { ...created.endpoints.metadata, resourceVersion: '7' },
      };
      const notReady = syncEndpoints(service(), [pod('p1', { ready: false })], stored);
      expect(notReady.action).toBe('update');
      const updated = (notReady as { endpoints: Endpoints }).endpoints;
      expect(updated.metadata.resourceVersion).toBe('7');
      expect(ips(updated.subsets?.[0].notReadyAddresses)).toEqual(['10.0.0.1']);
      expect(syncEndpoints(service({}, { team: 'a' }), [pod('p1')], stored).action).toBe('update');
    });
  });
});
