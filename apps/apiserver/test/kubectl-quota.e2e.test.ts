/**
 * The real kubectl with ResourceQuota, LimitRange and ServiceAccount: `create quota`, `get
 * quota`, `describe quota`, a refused pod's message, `get limits` and `create`/`get
 * serviceaccount`, as against Kubernetes. The controller-manager runs too: its resourcequota
 * controller fills a new quota's status, its serviceaccount controller makes `default`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { eventually } from '../../../tools/testing/eventually';
import { KubectlSession } from '../../../tools/testing/kubectl-session';
import { tlsKubectlSession } from '../../../tools/testing/tls-kubectl-session';
import {
  startTestControllerManager,
  type TestControllerManager,
} from '../../controller-manager/test/control-plane-harness';

const podManifest = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: q
spec:
  containers:
    - name: web
      image: nginx
      resources:
        requests:
          cpu: 500m
        limits:
          memory: 256Mi
`;

describe('kubectl and ResourceQuota / LimitRange / ServiceAccount', () => {
  let api: TestApiserver;
  let controllerManager: TestControllerManager;
  let session: KubectlSession;
  const kubectl = (...args: string[]) => session.kubectl(...args);
  const file = (name: string, text: string) => {
    const path = join(session.dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(async () => {
    api = await startTestApiserver('kubectl-quota');
    controllerManager = await startTestControllerManager(api);
    session = await tlsKubectlSession('/usr/bin/kubectl', api.url);
    await kubectl('create', 'namespace', 'q');
  });
  afterAll(async () => {
    await controllerManager.close();
    await session.close();
    await api.close();
  });

  it('creates a quota and lists it with REQUEST and LIMIT columns', async () => {
    expect(
      await kubectl(
        'create',
        'quota',
        'compute',
        '--hard=pods=2,requests.cpu=1,limits.memory=1Gi',
        '-n',
        'q',
      ),
    ).toBe('resourcequota/compute created\n');
    const out = await eventually(async () => {
      const text = await kubectl('get', 'quota', '-n', 'q');
      return text.includes('pods: 0/2') ? text : undefined;
    });
    const [header, row] = out.trimEnd().split('\n');
    expect(header).toMatch(/^NAME\s+AGE\s+REQUEST\s+LIMIT$/);
    expect(row).toMatch(/^compute\s+\d+s\s+pods: 0\/2, requests\.cpu: 0\/1\s+limits\.memory: 0\/1Gi$/);
  });

  it("refuses the pod past the quota with Kubernetes' message, and describe shows the usage", async () => {
    await kubectl('create', '-f', file('web-1.yaml', podManifest('web-1')));
    await kubectl('create', '-f', file('web-2.yaml', podManifest('web-2')));
    const third = file('web-3.yaml', podManifest('web-3'));
    await expect(kubectl('create', '-f', third)).rejects.toThrow(
      `Error from server (Forbidden): error when creating "${third}": pods "web-3" is forbidden: exceeded quota: compute, requested: pods=1,requests.cpu=500m, used: pods=2,requests.cpu=1, limited: pods=2,requests.cpu=1`,
    );
    const described = await kubectl('describe', 'quota', 'compute', '-n', 'q');
    expect(described).toMatch(/^Name:\s+compute$/m);
    expect(described).toMatch(/^Namespace:\s+q$/m);
    expect(described).toMatch(/^Resource\s+Used\s+Hard$/m);
    expect(described).toMatch(/^pods\s+2\s+2$/m);
    expect(described).toMatch(/^requests\.cpu\s+1\s+1$/m);
    expect(described).toMatch(/^limits\.memory\s+512Mi\s+1Gi$/m);
    const row = (await kubectl('get', 'quota', 'compute', '-n', 'q', '--no-headers')).trim();
    expect(row).toMatch(/pods: 2\/2, requests\.cpu: 1\/1\s+limits\.memory: 512Mi\/1Gi$/);
  });

  it('lists LimitRanges with their creation time', async () => {
    await kubectl(
      'apply',
      '-f',
      file(
        'limits.yaml',
        `apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
  namespace: q
spec:
  limits:
    - type: Container
      default:
        cpu: 500m
`,
      ),
    );
    const [header, row] = (await kubectl('get', 'limits', '-n', 'q')).trimEnd().split('\n');
    expect(header).toMatch(/^NAME\s+CREATED AT$/);
    expect(row).toMatch(/^defaults\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('creates a ServiceAccount and lists it with its secrets count; the namespace has its default one', async () => {
    expect(await kubectl('create', 'serviceaccount', 'builder', '-n', 'q')).toBe(
      'serviceaccount/builder created\n',
    );
    const out = await eventually(async () => {
      const text = await kubectl('get', 'serviceaccounts', '-n', 'q');
      return text.includes('default') ? text : undefined;
    });
    const [header, ...rows] = out.trimEnd().split('\n');
    expect(header).toMatch(/^NAME\s+SECRETS\s+AGE$/);
    expect(rows.map((row) => row.split(/\s+/).slice(0, 2))).toEqual([
      ['builder', '0'],
      ['default', '0'],
    ]);
  });
});
