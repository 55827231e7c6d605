/** meta.k8s.io Table (k8s.io/apimachinery/pkg/apis/meta/v1/types.go), as `kubectl get` asks for it. */
import { KubeObject, ListMeta, ObjectMeta } from '@orchestra/api';

export type TableApiVersion = 'meta.k8s.io/v1' | 'meta.k8s.io/v1beta1';

export interface TableColumnDefinition {
  /** Human-readable; kubectl upper-cases it for the header. */
  name: string;
  /** OpenAPI type of the cells: string, integer, number, boolean or date. */
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  /** `name` marks the primary identifier column; empty otherwise. */
  format: string;
  description: string;
  /** 0 = always shown; higher = only with `-o wide`. */
  priority: number;
}

export type TableCell = string | number | boolean | null;

export interface TableRowCondition {
  type: 'Completed';
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: TableApiVersion;
  metadata: ObjectMeta;
}

export interface TableRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
  /** What kubectl reads for `-A` (namespace) and `--show-labels`; absent with `includeObject=None`. */
  object?: PartialObjectMetadata | KubeObject;
}

export interface Table {
  kind: 'Table';
  apiVersion: TableApiVersion;
  metadata: ListMeta;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';
