/**
 * Builds the meta.k8s.io Table for a list (or a single object, or one watch event) of one resource.
 * Each row carries the object's metadata (kubectl needs it for `-A` and `--show-labels`), the whole
 * object with `includeObject=Object`, or nothing with `None`.
 */
import { apiVersionOf, KubeObject, ListMeta, ResourceDefinition } from '@orchestra/api';
import { printerFor } from './printer-registry';
import { IncludeObject, Table, TableApiVersion, TableRow } from './table.types';

export interface ToTableOptions {
  /** The clock AGE columns are measured against. */
  now: Date;
  includeObject?: IncludeObject;
  listMeta?: ListMeta;
  /** From table negotiation; v1 unless the client only accepts v1beta1. */
  apiVersion?: TableApiVersion;
}

export function toTable(objects: KubeObject[], def: ResourceDefinition, opts: ToTableOptions): Table {
  const printer = printerFor(def);
  const apiVersion = opts.apiVersion ?? 'meta.k8s.io/v1';
  const include = opts.includeObject ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion,
    metadata: { ...opts.listMeta },
    columnDefinitions: [...printer.columns],
    rows: objects.map((obj): TableRow => {
      const { cells, conditions } = printer.print(obj, opts.now);
      return {
        cells,
        ...(conditions && { conditions }),
        ...(include === 'Metadata' && {
          object: { kind: 'PartialObjectMetadata', apiVersion, metadata: obj.metadata },
        }),
        ...(include === 'Object' && {
          object: { ...obj, apiVersion: obj.apiVersion ?? apiVersionOf(def), kind: obj.kind ?? def.kind },
        }),
      };
    }),
  };
}
