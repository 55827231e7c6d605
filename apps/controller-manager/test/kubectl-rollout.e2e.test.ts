/**
 * `kubectl rollout` against a whole control plane: status, history, undo, pause/resume, and the
 * events and ReplicaSets that `describe`, `get rs` and `get events` show. Run with the default
 * kubectl and with an older and a newer client when installed, each in its own namespace.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { builtinResources, Deployment, Pod, ReplicaSet, ResourceDefinition } from '@orchestra/api';
import { kubeconfigFor } from '../../../tools/launcher/kubeconfig';
import { StandinKubelet } from '../../../tools/testing/standin-kubelet';
import { tlsFront, type TlsFront } from '../../../tools/testing/tls-kubectl-session';
import { installedKubectlClients } from '../../apiserver/test/kubectl-clients';
import { eventually, startTestControlPlane, TestControlPlane } from './control-plane-harness';

process.env.LOG_LEVEL ??= 'error';

const run = promisify(execFile);
const clients = installedKubectlClients();
const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;

const manifest = (namespace: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${namespace}
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
`;

let plane: TestControlPlane;
let dir: string;
/** kubectl sends its token only over HTTPS: it talks to the apiserver through a TLS front. */
let front: TlsFront;

beforeAll(async () => {
  plane = await startTestControlPlane('kubectl-rollout');
  await StandinKubelet.createNodes(plane.client, [
    { name: 'node-a', zone: 'a' },
    { name: 'node-b', zone: 'b' },
    { name: 'node-c', zone: 'c' },
  ]);
  dir = mkdtempSync(join(tmpdir(), 'orchestra-rollout-'));
  front = await tlsFront(plane.api.url);
  writeFileSync(
    join(dir, 'kubeconfig'),
    kubeconfigFor(front.url, { token: plane.api.token, certificateAuthorityPem: front.caPem }),
  );
}, 60_000);
afterAll(async () => {
  await front?.close();
  await plane?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(clients.map((c, i) => [c.label, c.path, `rollout-${i}`]))(
  '%s',
  (_label, kubectlPath, namespace) => {
    const image = (d: Deployment) => d.spec.template.spec.containers[0].image;
    const deployments = () => plane.client.resource<Deployment>(def('Deployment'));
    const replicaSets = async () =>
      (await plane.client.resource<ReplicaSet>(def('ReplicaSet')).list({ namespace })).items;
    const livePods = async () =>
      (
        await plane.client.resource<Pod>(def('Pod')).list({ namespace, labelSelector: 'app=web' })
      ).items.filter((p) => !p.metadata.deletionTimestamp);

    // A fresh discovery cache per client: kubectl caches discovery for 6 hours.
    const env = (): NodeJS.ProcessEnv => ({
      ...process.env,
      KUBECONFIG: join(dir, 'kubeconfig'),
      KUBECACHEDIR: join(dir, `cache-${namespace}`),
      HOME: dir,
    });
    const kubectl = async (...args: string[]): Promise<string> => {
      try {
        const { stdout } = await run(kubectlPath, [...args, '-n', namespace], {
          env: env(),
          timeout: 90_000,
        });
        return stdout;
      } catch (error) {
        const e = error as { stderr?: string; stdout?: string; message: string };
        throw new Error(`kubectl ${args.join(' ')} failed: ${e.stderr || e.stdout || e.message}`);
      }
    };
    // Pods of the old ReplicaSet may still be on their way out just after `rollout status` returns.
    const podsEndOn = (wanted: string) =>
      eventually(
        async () => {
          const pods = await livePods();
          return pods.length === 3 && pods.every((p) => p.spec.containers[0].image === wanted);
        },
        20_000,
        `3 pods on ${wanted}`,
      );
    const rolledOut = async () =>
      expect(await kubectl('rollout', 'status', 'deployment/web', '--timeout=60s')).toContain(
        'deployment "web" successfully rolled out',
      );

    beforeAll(async () => {
      await run(kubectlPath, ['create', 'namespace', namespace], { env: env() });
      writeFileSync(join(dir, `${namespace}.yaml`), manifest(namespace));
    });

    it('applies a Deployment and waits for `rollout status`', async () => {
      expect(await kubectl('apply', '-f', join(dir, `${namespace}.yaml`))).toContain(
        'deployment.apps/web created',
      );
      await rolledOut();
      const pods = await livePods();
      expect(pods).toHaveLength(3);
      expect(pods.every((p) => p.spec.nodeName)).toBe(true);
    }, 90_000);

    it('rolls out a new image with `set image` and lists both revisions', async () => {
      expect(await kubectl('set', 'image', 'deployment/web', 'web=nginx:1.28')).toContain(
        'deployment.apps/web image updated',
      );
      await rolledOut();
      await podsEndOn('nginx:1.28');
      const history = await kubectl('rollout', 'history', 'deployment/web');
      expect(history).toMatch(/^REVISION\s+CHANGE-CAUSE$/m);
      expect(history.match(/^\d+(?=\s)/gm)).toEqual(['1', '2']);
    }, 90_000);

    it('rolls back with `rollout undo`', async () => {
      expect(await kubectl('rollout', 'undo', 'deployment/web')).toContain('deployment.apps/web rolled back');
      const stored = await deployments().get('web', namespace);
      expect(image(stored)).toBe('nginx:1.27');
      await rolledOut();
      await podsEndOn('nginx:1.27');
      // Revision 1's ReplicaSet is reused, not a third one made for the same template.
      expect(await replicaSets()).toHaveLength(2);
      // The old ReplicaSet came back as revision 3; revision 1 is gone from the history.
      const history = await kubectl('rollout', 'history', 'deployment/web');
      expect(history.match(/^\d+(?=\s)/gm)).toEqual(['2', '3']);
    }, 90_000);

    it('does not roll out while paused, and proceeds on `rollout resume`', async () => {
      expect(await kubectl('rollout', 'pause', 'deployment/web')).toContain('deployment.apps/web paused');
      const before = (await replicaSets()).map((rs) => rs.metadata.name).sort();
      await kubectl('set', 'image', 'deployment/web', 'web=nginx:1.29');
      const paused = await eventually(
        async () => {
          const d = await deployments().get('web', namespace);
          const progressing = d.status?.conditions?.find((c) => c.type === 'Progressing');
          return (
            d.status?.observedGeneration === d.metadata.generation &&
            progressing?.reason === 'DeploymentPaused' &&
            d
          );
        },
        20_000,
        'the controller to observe the paused Deployment',
      );
      expect(paused.spec.paused).toBe(true);
      expect(image(paused)).toBe('nginx:1.29');
      expect((await replicaSets()).map((rs) => rs.metadata.name).sort()).toEqual(before);
      expect((await livePods()).map((p) => p.spec.containers[0].image)).toEqual(Array(3).fill('nginx:1.27'));

      expect(await kubectl('rollout', 'resume', 'deployment/web')).toContain('deployment.apps/web resumed');
      await rolledOut();
      expect(await replicaSets()).toHaveLength(before.length + 1);
      await podsEndOn('nginx:1.29');
    }, 90_000);

    it('describes the Deployment with its conditions and ScalingReplicaSet events', async () => {
      const out = await kubectl('describe', 'deployment', 'web');
      expect(out).toMatch(/^Replicas:\s+3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable$/m);
      expect(out).toMatch(/^\s+Available\s+True\s+MinimumReplicasAvailable$/m);
      expect(out).toMatch(/^\s+Progressing\s+True\s+NewReplicaSetAvailable$/m);
      expect(out).toMatch(/^Events:$/m);
      expect(out).toMatch(
        /Normal\s+ScalingReplicaSet\s+.*deployment-controller\s+Scaled up replica set web-\w+ from 0 to 3$/m,
      );
      expect(out).toMatch(/ScalingReplicaSet\s+.*Scaled down replica set web-\w+ from \d+ to 0$/m);
    });

    it('lists the ReplicaSets with DESIRED, CURRENT and READY', async () => {
      const out = await kubectl('get', 'rs');
      expect(out.split('\n')[0].split(/\s+/)).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE']);
      const rows = out.trim().split('\n').slice(1);
      expect(rows).toHaveLength(3); // revisions 2, 3 and 4 (nginx:1.28, 1.27, 1.29)
      expect(rows.filter((r) => /^web-\w+\s+3\s+3\s+3\s+\S+$/.test(r))).toHaveLength(1);
      expect(rows.filter((r) => /^web-\w+\s+0\s+0\s+0\s+\S+$/.test(r))).toHaveLength(2);
    });

    it('lists events from the controllers and the scheduler', async () => {
      const out = await kubectl('get', 'events', '-o', 'wide');
      expect(out).toMatch(/ScalingReplicaSet\s+deployment\/web\s+deployment-controller\s/);
      expect(out).toMatch(/SuccessfulCreate\s+replicaset\/web-\w+\s+replicaset-controller\s/);
      expect(out).toMatch(/Scheduled\s+pod\/web-\w+-\w+\s+default-scheduler\s+Successfully assigned/);
    });
  },
);

if (clients.length === 0) {
  it('finds kubectl', () => {
    throw new Error('kubectl is not installed: run .ci/run or install kubernetes-client');
  });
}
