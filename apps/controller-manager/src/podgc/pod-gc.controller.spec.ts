import type { Node, Pod } from '@orchestra/api';
import type { Lister } from '@orchestra/client';
import { PodGcController, type PodGcApi } from './pod-gc.controller';

const pod = (name: string, nodeName?: string) =>
  ({
    metadata: { namespace: 'default', name, uid: `uid-${name}` },
    spec: { nodeName, containers: [] },
  }) as Pod;
const lister = <T extends { metadata: { name?: string } }>(items: T[]) =>
  ({
    list: () => items,
    get: (key: string) => items.find((i) => i.metadata.name === key),
  }) as unknown as Lister<T>;
const logger = { info: () => undefined, warn: () => undefined } as never;

describe(PodGcController.name, () => {
  let now: number;
  let deleted: string[];
  let existing: Set<string>;
  const api: PodGcApi = {
    nodeExists: (name) => Promise.resolve(existing.has(name)),
    forceDelete: (p) => {
      deleted.push(p.metadata.name!);
      return Promise.resolve();
    },
  };
  const controller = (pods: Pod[], nodes: Node[]) =>
    new PodGcController({
      pods: lister(pods),
      nodes: lister(nodes),
      api,
      logger,
      clock: { now: () => now },
      periodMs: 1_000,
      quarantineMs: 10_000,
    });
  beforeEach(() => {
    now = 0;
    deleted = [];
    existing = new Set();
  });

  it('force-deletes the pods of a node missing for the quarantine time, and only those', async () => {
    const gc = controller(
      [pod('orphan', 'gone'), pod('ok', 'node-1'), pod('pending')],
      [{ metadata: { name: 'node-1' } } as Node],
    );
    expect(await gc.gcOrphaned()).toEqual([]);
    now = 9_999;
    expect(await gc.gcOrphaned()).toEqual([]);
    now = 10_000;
    expect(await gc.gcOrphaned()).toEqual(['default/orphan']);
    expect(deleted).toEqual(['orphan']);
  });

  it('leaves the pods alone when the apiserver still has the node (a lagging cache)', async () => {
    existing.add('late');
    const gc = controller([pod('p', 'late')], []);
    await gc.gcOrphaned();
    now = 20_000;
    expect(await gc.gcOrphaned()).toEqual([]);
    expect(deleted).toEqual([]);
  });
});
