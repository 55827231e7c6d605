// Drives the official JavaScript client (@kubernetes/client-node, ESM) against an apiserver whose
// URL is in ORCHESTRA_TEST_APISERVER, as the user whose bearer token is in ORCHESTRA_TEST_TOKEN,
// and prints what it saw as one JSON line. Jest cannot load the ESM client itself, so
// client-node.e2e.test.ts runs this script as a child process.
import * as k8s from '@kubernetes/client-node';

const server = process.env.ORCHESTRA_TEST_APISERVER;
const token = process.env.ORCHESTRA_TEST_TOKEN;
const kc = new k8s.KubeConfig();
kc.loadFromOptions({
  clusters: [{ name: 'orchestra', server, skipTLSVerify: true }],
  users: [{ name: 'admin', token }],
  contexts: [{ name: 'orchestra', cluster: 'orchestra', user: 'admin' }],
  currentContext: 'orchestra',
});
const core = kc.makeApiClient(k8s.CoreV1Api);
const apps = kc.makeApiClient(k8s.AppsV1Api);
const result = {};

await core.createNamespace({ body: { metadata: { name: 'client-node' } } });
const created = await core.createNamespacedConfigMap({
  namespace: 'client-node',
  body: { metadata: { name: 'first', labels: { from: 'client-node' } }, data: { hello: 'world' } },
});
result.created = {
  name: created.metadata.name,
  resourceVersion: created.metadata.resourceVersion,
  uid: created.metadata.uid,
};

const deployment = await apps.createNamespacedDeployment({
  namespace: 'client-node',
  body: {
    metadata: { name: 'web' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx' }] },
      },
    },
  },
});
result.deployment = {
  replicas: deployment.spec.replicas,
  maxSurge: deployment.spec.strategy.rollingUpdate.maxSurge,
};

const listed = await core.listNamespacedConfigMap({
  namespace: 'client-node',
  labelSelector: 'from=client-node',
});
result.listed = listed.items.map((c) => c.metadata.name);
result.listResourceVersion = listed.metadata.resourceVersion;

// Watch from the list's resourceVersion, as informers do, then create an object and see it arrive.
const events = [];
const watch = new k8s.Watch(kc);
const seen = new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no watch event within 5 s')), 5000);
  watch
    .watch(
      '/api/v1/namespaces/client-node/configmaps',
      { resourceVersion: listed.metadata.resourceVersion, allowWatchBookmarks: true },
      (type, object) => {
        events.push({ type, name: object.metadata?.name });
        if (type === 'ADDED') {
          clearTimeout(timer);
          resolve();
        }
      },
      (err) => err && reject(err),
    )
    .then((controller) => (result.abort = controller), reject);
});
await new Promise((r) => setTimeout(r, 300));
await core.createNamespacedConfigMap({ namespace: 'client-node', body: { metadata: { name: 'second' } } });
await seen;
result.abort?.abort();
delete result.abort;
result.watched = events;

// An informer lists, then watches, and keeps a cache.
const informer = k8s.makeInformer(kc, '/api/v1/namespaces/client-node/configmaps', () =>
  core.listNamespacedConfigMap({ namespace: 'client-node' }),
);
await informer.start();
result.informerCache = informer
  .list()
  .map((c) => c.metadata.name)
  .sort();
await informer.stop();

try {
  await core.readNamespacedConfigMap({ namespace: 'client-node', name: 'missing' });
} catch (error) {
  result.missingCode = error.code;
}
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(0);
