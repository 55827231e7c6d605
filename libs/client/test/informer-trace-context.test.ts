/**
 * The change's trace context through the watch, against a real apiserver: a client that asks
 * (Orchestra's informers do) gets each change's stored traceparent on its event, and the informer
 * hands it to its handlers; a client that does not (kubectl) gets Kubernetes' events unchanged;
 * what an informer learns from a list is not a change and comes with none.
 * (This apiserver does not trace, so it stores the traceparent the writer sent, as it came.)
 */
import { builtinResources, ConfigMap, ResourceDefinition } from '@orchestra/api';
import { createLogger, watchTraceContextHeader } from '@orchestra/observability';
import { startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { ApiClient } from '../src/api-client';
import { Informer } from '../src/informer';
import { eventually } from '../../../tools/testing/eventually';

const configMaps = builtinResources.find((d) => d.kind === 'ConfigMap') as ResourceDefinition;
const logger = createLogger({ component: 'informer-test', level: 'error' });
const traceparent = (n: number) =>
  `00-${'ab'.repeat(15)}${n.toString(16).padStart(2, '0')}-${'cd'.repeat(8)}-01`;
const configMap = (name: string, value = 'v'): ConfigMap => ({
  metadata: { name, namespace: 'default' },
  data: { value },
});

describe('trace context on watch events', () => {
  let api: TestApiserver;
  let client: ApiClient;

  beforeAll(async () => {
    api = await startTestApiserver('watch-trace');
    client = new ApiClient({ baseUrl: api.url, userAgent: 'trace-context-test', token: api.token });
  });
  afterAll(() => api.close());

  it("hands the informer's handlers each change's traceparent, and none for what the list brought", async () => {
    const resource = client.resource<ConfigMap>(configMaps);
    await resource.create(configMap('listed'), { traceparent: traceparent(1) });
    const told: string[] = [];
    const informer = new Informer(resource, { namespace: 'default', logger });
    informer.addEventHandler({
      onAdd: (o, tp) => told.push(`add ${o.metadata.name} ${tp}`),
      onUpdate: (_old, o, tp) => told.push(`update ${o.metadata.name} ${tp}`),
      onDelete: (o, tp) => told.push(`delete ${o.metadata.name} ${tp}`),
    });
    informer.start();
    try {
      await informer.waitForSync(10_000);
      const created = await resource.create(configMap('watched'), { traceparent: traceparent(2) });
      await eventually(() => told.length === 2, 10_000);
      await resource.update({ ...created, data: { value: 'w' } });
      await eventually(() => told.length === 3, 10_000);
      await resource.delete('watched', 'default', undefined, { traceparent: traceparent(4) });
      await eventually(() => told.length === 4, 10_000);

      expect(told).toEqual([
        'add listed undefined', // from the list: not a change
        `add watched ${traceparent(2)}`,
        'update watched undefined', // written without trace context
        `delete watched ${traceparent(4)}`,
      ]);
    } finally {
      await informer.stop();
    }
  });

  it("sends Kubernetes' watch events, without traceparent, to clients that do not ask", async () => {
    const resource = client.resource<ConfigMap>(configMaps);
    const from = (await resource.list({ namespace: 'default' })).resourceVersion;
    await resource.create(configMap('plain'), { traceparent: traceparent(5) });
    const read = async (headers: Record<string, string>) => {
      const path = `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${from}&timeoutSeconds=1`;
      const body = await (await api.fetch(path, { headers })).text();
      return body
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    };

    const plain = await read({});
    expect(plain.map((e) => Object.keys(e))).toEqual([['type', 'object']]);
    const asked = await read({ [watchTraceContextHeader]: 'true' });
    expect(asked.map((e) => [e.type, e.traceparent])).toEqual([['ADDED', traceparent(5)]]);
  });
});
