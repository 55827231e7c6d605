/**
 * StatefulSet end to end with a whole control plane (apiserver, controller-manager, scheduler,
 * stand-in kubelet): pods web-0..2 created in order, each only once its predecessor is Running and
 * Ready (checked on the pods' watch, event by event); their claims `www-web-<i>` created first
 * and bound by the volume binder; a deleted web-1 replaced by a new web-1 on the same claim (same
 * uid); then, with the real kubectl through a TLS front (the default client, 1.27 and 1.33 when
 * installed, each in a namespace of its own): `get sts` columns, `describe sts`,
 * `scale sts`, `rollout status` after an image change, a partitioned rolling update that leaves
 * the ordinals below the partition on the old revision, `rollout history` from the
 * ControllerRevisions, and `get pvc` columns. statefulset-node-loss.e2e.test.ts loses nodes.
 */
import {
  builtinResources,
  ControllerRevision,
  Namespace,
  PersistentVolumeClaim,
  Pod,
  ResourceDefinition,
  Service,
  StatefulSet,
} from '@orchestra/api';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StandinKubelet } from '../../../tools/testing/standin-kubelet';
import { tlsKubectlSession } from '../../../tools/testing/tls-kubectl-session';
import type { KubectlSession } from '../../../tools/testing/kubectl-session';
import { installedKubectlClients } from '../../apiserver/test/kubectl-clients';
import { eventually, startTestControlPlane, TestControlPlane } from './control-plane-harness';

process.env.LOG_LEVEL ??= 'error';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
const namespace = 'default';
/** The default kubectl and, when installed, an older (1.27) and a newer (1.33) client. */
const clients = installedKubectlClients();

const isReady = (p: Pod) =>
  p.status?.phase === 'Running' &&
  !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

function statefulSet(name: string, image: string, ns = namespace): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: ns },
    spec: {
      replicas: 3,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'web',
              image,
              ports: [{ containerPort: 80, name: 'web' }],
              volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }],
              resources: { requests: { cpu: '10m', memory: '16Mi' } },
            },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'www' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
    },
  };
}

const headlessService = (name: string, ns = namespace): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: ns },
  spec: { clusterIP: 'None', selector: { app: name }, ports: [{ port: 80, name: 'web' }] },
});

let plane: TestControlPlane;
const statefulSets = () => plane.client.resource<StatefulSet>(def('StatefulSet'));
const podsClient = () => plane.client.resource<Pod>(def('Pod'));
const claimsClient = () => plane.client.resource<PersistentVolumeClaim>(def('PersistentVolumeClaim'));
const podsOf = async (app: string, ns = namespace) =>
  (await podsClient().list({ namespace: ns, labelSelector: `app=${app}` })).items;
const livePodsOf = async (app: string, ns = namespace) =>
  (await podsOf(app, ns)).filter((p) => !p.metadata.deletionTimestamp);
const readyNames = async (app: string, ns = namespace) =>
  (await livePodsOf(app, ns))
    .filter(isReady)
    .map((p) => p.metadata.name)
    .sort();

/** Changes the set's spec, retried on a conflict with the controller's status writes. */
const changeSpec = (name: string, change: (spec: StatefulSet['spec']) => void) =>
  eventually(async () => {
    const sts = await statefulSets().get(name, namespace);
    change(sts.spec);
    return statefulSets().update(sts);
  });

beforeAll(async () => {
  plane = await startTestControlPlane('statefulset');
  await StandinKubelet.createNodes(plane.client, [
    { name: 'node-a', zone: 'a' },
    { name: 'node-b', zone: 'b' },
    { name: 'node-c', zone: 'c' },
  ]);
}, 60_000);
afterAll(async () => {
  await plane?.close();
});

describe('StatefulSet', () => {
  it('creates web-0, web-1, web-2 in order, each only after the previous one is Running and Ready', async () => {
    // Every pod event of the set, in the order the apiserver sent them.
    const readyNow = new Map<string, boolean>();
    const created: string[] = [];
    const violations: string[] = [];
    const abort = new AbortController();
    const { resourceVersion } = await podsClient().list({ namespace, labelSelector: 'app=web' });
    const watching = podsClient()
      .watch(
        { namespace, labelSelector: 'app=web', resourceVersion },
        ({ type, object }) => {
          if (type === 'BOOKMARK') return;
          const name = object.metadata.name ?? '';
          if (type === 'ADDED') {
            created.push(name);
            const ordinal = Number(name.split('-').pop());
            if (ordinal > 0 && !readyNow.get(`web-${ordinal - 1}`))
              violations.push(`${name} created while web-${ordinal - 1} was not Running and Ready`);
          }
          readyNow.set(name, type !== 'DELETED' && isReady(object));
        },
        abort.signal,
      )
      .catch(() => undefined);

    // web-1 stays not Ready until released: web-2 must wait for it.
    plane.kubelet.holdNotReady.add(`${namespace}/web-1`);
    await plane.client.resource<Service>(def('Service')).create(headlessService('web'));
    await statefulSets().create(statefulSet('web', 'nginx:1.27'));
    await eventually(
      async () =>
        (await podsOf('web')).some((p) => p.metadata.name === 'web-1' && p.status?.phase === 'Running'),
      20_000,
      'web-1 running (not ready)',
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect((await podsOf('web')).map((p) => p.metadata.name).sort()).toEqual(['web-0', 'web-1']);
    plane.kubelet.holdNotReady.delete(`${namespace}/web-1`);
    // The stand-in kubelet syncs on pod events: touch web-1 so that it becomes Ready.
    await podsClient().patch('web-1', namespace, { metadata: { annotations: { released: 'yes' } } }, 'merge');
    await eventually(
      async () => JSON.stringify(await readyNames('web')) === '["web-0","web-1","web-2"]',
      30_000,
      'web-0..2 ready',
    );
    abort.abort();
    await watching;
    expect(violations).toEqual([]);
    expect(created).toEqual(['web-0', 'web-1', 'web-2']);

    // Identity: hostname, subdomain, labels, the claim as a volume; the claims bound.
    const pods = await podsOf('web');
    for (const pod of pods) {
      const name = pod.metadata.name!;
      expect(pod.spec.hostname).toBe(name);
      expect(pod.spec.subdomain).toBe('web');
      expect(pod.metadata.labels).toMatchObject({
        'statefulset.kubernetes.io/pod-name': name,
        'apps.kubernetes.io/pod-index': name.split('-')[1],
      });
      expect(pod.metadata.labels?.['controller-revision-hash']).toMatch(/^web-/);
      expect(pod.spec.volumes).toEqual([
        { name: 'www', persistentVolumeClaim: { claimName: `www-${name}` } },
      ]);
    }
    await eventually(
      async () => {
        const claims = (await claimsClient().list({ namespace })).items;
        return (
          claims.length === 3 &&
          claims.every((c) => c.status?.phase === 'Bound' && c.spec.volumeName === `pvc-${c.metadata.uid}`)
        );
      },
      20_000,
      'three bound claims',
    );
    await eventually(
      async () => {
        const status = (await statefulSets().get('web', namespace)).status;
        return (
          status?.replicas === 3 &&
          status.readyReplicas === 3 &&
          status.availableReplicas === 3 &&
          status.currentReplicas === 3 &&
          status.updatedReplicas === 3 &&
          !!status.currentRevision &&
          status.currentRevision === status.updateRevision &&
          status.observedGeneration === 1
        );
      },
      20_000,
      'status of 3 ready replicas',
    );
  }, 90_000);

  it('brings a deleted web-1 back as web-1, bound to the same claim (same uid)', async () => {
    const claim = await claimsClient().get('www-web-1', namespace);
    const old = await podsClient().get('web-1', namespace);
    await podsClient().delete('web-1', namespace);
    const replaced = await eventually(
      async () => {
        const pod = (await livePodsOf('web')).find((p) => p.metadata.name === 'web-1');
        return pod && pod.metadata.uid !== old.metadata.uid && isReady(pod) ? pod : undefined;
      },
      30_000,
      'a new web-1, ready',
    );
    expect(replaced.spec.volumes).toEqual([
      { name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } },
    ]);
    const after = await claimsClient().get('www-web-1', namespace);
    expect(after.metadata.uid).toBe(claim.metadata.uid);
    expect(after.spec.volumeName).toBe(claim.spec.volumeName);
    expect((await claimsClient().list({ namespace })).items).toHaveLength(3);
  }, 60_000);

  it('keeps the claims when scaling down, and gives them back when scaling up', async () => {
    const uids = new Map(
      (await claimsClient().list({ namespace })).items.map((c) => [c.metadata.name, c.metadata.uid]),
    );
    await changeSpec('web', (spec) => {
      spec.replicas = 1;
    });
    await eventually(async () => (await podsOf('web')).length === 1, 30_000, 'scaled down to web-0');
    expect((await podsOf('web'))[0].metadata.name).toBe('web-0');
    expect((await claimsClient().list({ namespace })).items).toHaveLength(3);
    await changeSpec('web', (spec) => {
      spec.replicas = 3;
    });
    await eventually(
      async () => JSON.stringify(await readyNames('web')) === '["web-0","web-1","web-2"]',
      30_000,
      'scaled up again',
    );
    for (const claim of (await claimsClient().list({ namespace })).items)
      expect(claim.metadata.uid).toBe(uids.get(claim.metadata.name));
  }, 90_000);

  // Each client in a namespace of its own, with a set of its own.
  describe.each(clients.map((c, i) => [c.label, c.path, `sts-kubectl-${i}`]))(
    'with %s',
    (_label, kubectlPath, ns) => {
      let session: KubectlSession;
      beforeAll(async () => {
        session = await tlsKubectlSession(kubectlPath, plane.api.url);
        await plane.client
          .resource<Namespace>(def('Namespace'))
          .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
        await plane.client.resource<Service>(def('Service')).create(headlessService('web', ns));
        await apply(statefulSet('web', 'nginx:1.27', ns));
        // The pods ready, and so reported by the set's status; the claims bound.
        await eventually(
          async () => {
            const status = (await statefulSets().get('web', ns)).status;
            const claims = (await claimsClient().list({ namespace: ns })).items;
            return (
              JSON.stringify(await readyNames('web', ns)) === '["web-0","web-1","web-2"]' &&
              status?.readyReplicas === 3 &&
              claims.length === 3 &&
              claims.every((c) => c.status?.phase === 'Bound')
            );
          },
          30_000,
          `web-0..2 ready in ${ns}`,
        );
      }, 60_000);
      afterAll(async () => {
        await session?.close();
      });
      /** `kubectl apply -f` (client-side apply: create, then three-way strategic merge patches). */
      const apply = async (sts: StatefulSet) => {
        const file = join(session.dir, 'web.json');
        writeFileSync(file, JSON.stringify(sts));
        return session.kubectl('apply', '-f', file);
      };

      it('`kubectl get sts` shows NAME READY AGE, `-o wide` the containers and images; `get pvc` the claims', async () => {
        const [header, row] = (await session.kubectl('get', 'sts', '-n', ns)).trim().split('\n');
        expect(header.split(/\s{2,}/)).toEqual(['NAME', 'READY', 'AGE']);
        expect(row.split(/\s+/).slice(0, 2)).toEqual(['web', '3/3']);
        const [wideHeader, wideRow] = (
          await session.kubectl('get', 'statefulset', 'web', '-o', 'wide', '-n', ns)
        )
          .trim()
          .split('\n');
        expect(wideHeader.split(/\s{2,}/)).toEqual(['NAME', 'READY', 'AGE', 'CONTAINERS', 'IMAGES']);
        expect(wideRow.split(/\s+/).slice(3)).toEqual(['web', 'nginx:1.27']);
        const claims = (await session.kubectl('get', 'pvc', '-n', ns)).trim().split('\n');
        expect(claims[0].split(/\s{2,}/)).toEqual([
          'NAME',
          'STATUS',
          'VOLUME',
          'CAPACITY',
          'ACCESS MODES',
          'STORAGECLASS',
          'VOLUMEATTRIBUTESCLASS',
          'AGE',
        ]);
        expect(claims.slice(1).map((line) => line.split(/\s+/).slice(0, 5))).toEqual(
          [0, 1, 2].map((i) => [`www-web-${i}`, 'Bound', expect.stringMatching(/^pvc-/), '1Gi', 'RWO']),
        );
        expect(await session.kubectl('get', 'all', '-n', ns)).toContain('statefulset.apps/web');
      }, 60_000);

      it('`kubectl scale sts` changes the replicas through the scale subresource', async () => {
        expect(await session.kubectl('scale', 'sts', 'web', '--replicas=4', '-n', ns)).toContain(
          'statefulset.apps/web scaled',
        );
        await eventually(async () => (await readyNames('web', ns)).length === 4, 30_000, 'web-3 ready');
        expect(await readyNames('web', ns)).toEqual(['web-0', 'web-1', 'web-2', 'web-3']);
        await session.kubectl('scale', 'sts/web', '--replicas=3', '-n', ns);
        await eventually(async () => (await podsOf('web', ns)).length === 3, 30_000, 'web-3 gone');
        const scale = JSON.parse(
          await session.kubectl('get', '--raw', `/apis/apps/v1/namespaces/${ns}/statefulsets/web/scale`),
        ) as { spec: { replicas: number }; status: { selector: string } };
        expect(scale).toMatchObject({ spec: { replicas: 3 }, status: { selector: 'app=web' } });
      }, 90_000);

      it('`kubectl describe sts` shows the replicas, pods status, claim templates and the events', async () => {
        // After the scale test: web-3 was created and deleted.
        const described = await eventually(
          async () => {
            const out = await session.kubectl('describe', 'sts/web', '-n', ns);
            return /Replicas:\s+3 desired \| 3 total/.test(out) ? out : undefined;
          },
          20_000,
          'describe showing 3 of 3',
        );
        expect(described).toMatch(/Replicas:\s+3 desired \| 3 total/);
        expect(described).toMatch(/Update Strategy:\s+RollingUpdate/);
        expect(described).toMatch(/Partition:\s+0/);
        expect(described).toMatch(/Pods Status:\s+3 Running/);
        expect(described).toMatch(/Volume Claims:\s+Name:\s+www/);
        expect(described).toMatch(/Capacity:\s+1Gi/);
        expect(described).toMatch(/SuccessfulCreate\s+.*create Pod web-0 in StatefulSet web successful/);
        expect(described).toMatch(
          /SuccessfulCreate\s+.*create Claim www-web-0 Pod web-0 in StatefulSet web success/,
        );
        expect(described).toMatch(/SuccessfulDelete\s+.*delete Pod web-3 in StatefulSet web successful/);
      }, 60_000);

      it('`kubectl rollout status` follows an image change to the end', async () => {
        await session.kubectl('set', 'image', 'statefulset/web', 'web=nginx:1.28', '-n', ns);
        const out = await session.kubectl('rollout', 'status', 'statefulset/web', '-n', ns, '--timeout=90s');
        expect(out).toContain('partitioned roll out complete: 3 new pods have been updated...');
        const pods = await livePodsOf('web', ns);
        expect(pods.map((p) => p.spec.containers[0].image)).toEqual([
          'nginx:1.28',
          'nginx:1.28',
          'nginx:1.28',
        ]);
        await eventually(
          async () => {
            const s = (await statefulSets().get('web', ns)).status;
            return (
              s?.currentRevision === s?.updateRevision && s?.currentReplicas === 3 && s?.updatedReplicas === 3
            );
          },
          20_000,
          'the update revision current',
        );
        const history = await session.kubectl('rollout', 'history', 'statefulset/web', '-n', ns);
        expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
        // kubectl applies the revision's patch to the set to show that revision's template.
        expect(
          await session.kubectl('rollout', 'history', 'statefulset/web', '--revision=1', '-n', ns),
        ).toMatch(/Image:\s+nginx:1\.27/);
        const revisions = (
          await plane.client.resource<ControllerRevision>(def('ControllerRevision')).list({ namespace: ns })
        ).items;
        expect(revisions.map((r) => r.revision).sort()).toEqual([1, 2]);
        const [header] = (await session.kubectl('get', 'controllerrevisions', '-n', ns)).split('\n');
        expect(header.split(/\s{2,}/)).toEqual(['NAME', 'CONTROLLER', 'REVISION', 'AGE']);
      }, 120_000);

      it('a partitioned rolling update leaves the ordinals below the partition on the old revision', async () => {
        await session.kubectl(
          'patch',
          'statefulset',
          'web',
          '-n',
          ns,
          '-p',
          '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}',
        );
        await session.kubectl('set', 'image', 'statefulset/web', 'web=nginx:1.29', '-n', ns);
        const out = await session.kubectl('rollout', 'status', 'statefulset/web', '-n', ns, '--timeout=90s');
        expect(out).toContain('partitioned roll out complete: 1 new pods have been updated...');
        const sts = await statefulSets().get('web', ns);
        const byName = new Map((await livePodsOf('web', ns)).map((p) => [p.metadata.name, p]));
        expect(byName.get('web-2')?.spec.containers[0].image).toBe('nginx:1.29');
        expect(byName.get('web-2')?.metadata.labels?.['controller-revision-hash']).toBe(
          sts.status?.updateRevision,
        );
        for (const name of ['web-0', 'web-1']) {
          expect(byName.get(name)?.spec.containers[0].image).toBe('nginx:1.28');
          expect(byName.get(name)?.metadata.labels?.['controller-revision-hash']).toBe(
            sts.status?.currentRevision,
          );
        }
        expect(sts.status).toMatchObject({ currentReplicas: 2, updatedReplicas: 1 });
        expect(sts.status?.currentRevision).not.toBe(sts.status?.updateRevision);

        // A pod below the partition that is deleted comes back on the old revision.
        await podsClient().delete('web-0', ns);
        const back = await eventually(
          async () => {
            const pod = (await livePodsOf('web', ns)).find((p) => p.metadata.name === 'web-0');
            return pod && pod.metadata.uid !== byName.get('web-0')?.metadata.uid && isReady(pod)
              ? pod
              : undefined;
          },
          30_000,
          'web-0 back',
        );
        expect(back.spec.containers[0].image).toBe('nginx:1.28');

        // Lowering the partition to 0 finishes the rollout.
        await session.kubectl(
          'patch',
          'statefulset',
          'web',
          '-n',
          ns,
          '-p',
          '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}',
        );
        expect(
          await session.kubectl('rollout', 'status', 'statefulset/web', '-n', ns, '--timeout=90s'),
        ).toContain('partitioned roll out complete: 3 new pods have been updated...');
        expect((await livePodsOf('web', ns)).map((p) => p.spec.containers[0].image)).toEqual([
          'nginx:1.29',
          'nginx:1.29',
          'nginx:1.29',
        ]);
      }, 180_000);

      it('`kubectl rollout undo` goes back to the previous template; `kubectl delete sts` keeps the claims', async () => {
        const before = (
          await plane.client.resource<ControllerRevision>(def('ControllerRevision')).list({ namespace: ns })
        ).items;
        await session.kubectl('rollout', 'undo', 'statefulset/web', '-n', ns);
        await session.kubectl('rollout', 'status', 'statefulset/web', '-n', ns, '--timeout=90s');
        await eventually(
          async () =>
            JSON.stringify((await livePodsOf('web', ns)).map((p) => p.spec.containers[0].image)) ===
            JSON.stringify(['nginx:1.28', 'nginx:1.28', 'nginx:1.28']),
          60_000,
          'back on nginx:1.28',
        );
        // The old revision of nginx:1.28 is renumbered, not copied: revisions 1 (1.27), 3 (1.29), 4 (1.28).
        const after = (
          await plane.client.resource<ControllerRevision>(def('ControllerRevision')).list({ namespace: ns })
        ).items;
        expect(after.map((r) => r.metadata.name).sort()).toEqual(before.map((r) => r.metadata.name).sort());
        expect(after.map((r) => r.revision).sort()).toEqual([1, 3, 4]);
        // The manifest applied again with a new image: a strategic merge patch of the template.
        expect(await apply(statefulSet('web', 'nginx:1.30', ns))).toContain(
          'statefulset.apps/web configured',
        );
        await session.kubectl('rollout', 'status', 'statefulset/web', '-n', ns, '--timeout=90s');
        expect((await livePodsOf('web', ns)).map((p) => p.spec.containers[0].image)).toEqual([
          'nginx:1.30',
          'nginx:1.30',
          'nginx:1.30',
        ]);
        expect(await session.kubectl('delete', 'sts', 'web', '-n', ns)).toContain(
          'statefulset.apps "web" deleted',
        );
        await eventually(
          async () => (await podsOf('web', ns)).length === 0,
          30_000,
          'the pods deleted with the set',
        );
        await eventually(
          async () =>
            (
              await plane.client
                .resource<ControllerRevision>(def('ControllerRevision'))
                .list({ namespace: ns })
            ).items.length === 0,
          30_000,
          'the revisions deleted with the set',
        );
        // Retain: the claims of every ordinal the set ever had (web-3's too) stay for a set to come.
        expect(
          (await claimsClient().list({ namespace: ns })).items.map((c) => c.metadata.name).sort(),
        ).toEqual(['www-web-0', 'www-web-1', 'www-web-2', 'www-web-3']);
      }, 150_000);
    },
  );
});
