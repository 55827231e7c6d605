/**
 * NodeRestriction on a real apiserver and Redis: the registry is driven with a RequestContext
 * whose user is a kubelet's identity (system:node:node-1), as the HTTP layer hands it on once
 * authentication has identified the request.
 */
import { ApiError, builtinResources, ResourceDefinition } from '@orchestra/api';
import { startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { UserInfo } from '../src/authentication/user-info';
import { ResourceRegistry } from '../src/registry/resource.registry';
import { RequestContext } from '../src/registry/request-context';

const def = (kind: string) => builtinResources.find((d) => d.kind === kind) as ResourceDefinition;
const node1: UserInfo = { username: 'system:node:node-1', groups: ['system:nodes', 'system:authenticated'] };
const admin = (): RequestContext => ({ dryRun: false, now: new Date() });
const asNode = (): RequestContext => ({ dryRun: false, now: new Date(), user: node1 });

const pod = (name: string, nodeName: string) => ({
  metadata: { name },
  spec: { nodeName, containers: [{ name: 'web', image: 'nginx' }] },
});

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('NodeRestriction', () => {
  let api: TestApiserver;
  let registry: ResourceRegistry;

  beforeAll(async () => {
    api = await startTestApiserver('node-restriction');
    registry = api.app.get(ResourceRegistry);
    for (const name of ['node-1', 'node-2'])
      await registry.create(def('Node'), undefined, { metadata: { name } }, admin());
    await registry.create(def('Pod'), 'default', pod('mine', 'node-1'), admin());
    await registry.create(def('Pod'), 'default', pod('theirs', 'node-2'), admin());
  });
  afterAll(() => api.close());

  it('lets a kubelet write its own Node and its status, and refuses another node', async () => {
    const own = (current: any) => ({ ...current, metadata: { ...current.metadata, labels: { zone: 'a' } } });
    await registry.modify(def('Node'), undefined, 'node-1', own, 'main', asNode());
    await registry.modify(
      def('Node'),
      undefined,
      'node-1',
      (n) => ({ ...n, status: { phase: 'Running' } }),
      'status',
      asNode(),
    );
    const error = await refusal(registry.modify(def('Node'), undefined, 'node-2', own, 'main', asNode()));
    expect(error.code).toBe(403);
    expect(error.reason).toBe('Forbidden');
    expect(error.message).toBe(
      'nodes "node-2" is forbidden: node "node-1" is not allowed to modify node "node-2"',
    );
    const status = await refusal(
      registry.modify(def('Node'), undefined, 'node-2', (n) => n, 'status', asNode()),
    );
    expect(status.code).toBe(403);
  });

  it('lets a kubelet update the status of and delete pods bound to it, and no others', async () => {
    const ready = (p: any) => ({ ...p, status: { ...p.status, phase: 'Running' } });
    await registry.modify(def('Pod'), 'default', 'mine', ready, 'status', asNode());
    const status = await refusal(registry.modify(def('Pod'), 'default', 'theirs', ready, 'status', asNode()));
    expect(status.message).toBe(
      'pods "theirs" is forbidden: node "node-1" can only update pod status for pods with spec.nodeName set to itself',
    );
    const deletion = await refusal(
      registry.delete(def('Pod'), 'default', 'theirs', { gracePeriodSeconds: 0 }, asNode()),
    );
    expect(deletion.message).toBe(
      'pods "theirs" is forbidden: node "node-1" can only delete pods with spec.nodeName set to itself',
    );
    const update = await refusal(
      registry.modify(
        def('Pod'),
        'default',
        'mine',
        (p) => ({ ...p, metadata: { ...p.metadata, labels: { a: 'b' } } }),
        'main',
        asNode(),
      ),
    );
    expect(update.message).toBe(
      'pods "mine" is forbidden: unexpected operation "UPDATE", node "node-1" can only create and delete mirror pods',
    );
    const create = await refusal(registry.create(def('Pod'), 'default', pod('new', 'node-1'), asNode()));
    expect(create.code).toBe(403);
    await registry.delete(def('Pod'), 'default', 'mine', { gracePeriodSeconds: 0 }, asNode());
    await expect(registry.get(def('Pod'), 'default', 'mine')).rejects.toMatchObject({ code: 404 });
  });

  it('lets a kubelet hold its own Lease in kube-node-lease only', async () => {
    const lease = (name: string) => ({
      metadata: { name },
      spec: { holderIdentity: name, leaseDurationSeconds: 40 },
    });
    await registry.create(def('Lease'), 'kube-node-lease', lease('node-1'), asNode());
    const other = await refusal(registry.create(def('Lease'), 'kube-node-lease', lease('node-2'), asNode()));
    expect(other.message).toBe(
      'leases.coordination.k8s.io "node-2" is forbidden: can only access node lease with the same name as the requesting node',
    );
    const elsewhere = await refusal(registry.create(def('Lease'), 'default', lease('node-1'), asNode()));
    expect(elsewhere.message).toContain('can only access leases in the "kube-node-lease" system namespace');
  });

  it('lets a kubelet record Events and refuses other resources', async () => {
    await registry.create(
      def('Event'),
      'default',
      {
        metadata: { name: 'mine.1' },
        involvedObject: { kind: 'Pod', name: 'mine', namespace: 'default' },
        reason: 'Started',
      },
      asNode(),
    );
    const configMap = await refusal(
      registry.create(def('ConfigMap'), 'default', { metadata: { name: 'x' } }, asNode()),
    );
    expect(configMap.message).toBe(
      'configmaps "x" is forbidden: node "node-1" is not allowed to create configmaps',
    );
  });

  it('leaves other users alone', async () => {
    await registry.create(def('ConfigMap'), 'default', { metadata: { name: 'admin' } }, admin());
    const notANode: RequestContext = { ...admin(), user: { username: 'system:node:node-1', groups: [] } };
    await registry.create(def('ConfigMap'), 'default', { metadata: { name: 'not-a-node' } }, notANode);
  });
});
