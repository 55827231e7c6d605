/**
 * The index functions of every cache (client-go's Indexers): each maps an object to the values
 * it is found under, so `byIndex('nodeName', 'node-1')` needs no scan of all pods.
 */
import { IndexName, ApiObject } from './lister';

export type IndexFunc = (object: ApiObject) => string[];

export const cacheIndexers: Record<IndexName, IndexFunc> = {
  namespace: (o) => (o.metadata.namespace ? [o.metadata.namespace] : []),
  nodeName: (o) => {
    const nodeName = (o as { spec?: { nodeName?: unknown } }).spec?.nodeName;
    return typeof nodeName === 'string' && nodeName ? [nodeName] : [];
  },
  ownerUid: (o) => (o.metadata.ownerReferences ?? []).map((ref) => ref.uid),
  label: (o) => Object.entries(o.metadata.labels ?? {}).map(([key, value]) => `${key}=${value}`),
};
