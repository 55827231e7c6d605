/**
 * A printer turns one object into a table row, with the columns `kubectl get` shows for its kind
 * (Kubernetes' pkg/printers/internalversion). Rows always carry the `-o wide` cells; kubectl hides
 * columns with priority > 0 unless asked, exactly as with a real apiserver.
 */
import { KubeObject } from '@orchestra/api';
import { TableCell, TableColumnDefinition, TableRowCondition } from './table.types';

export interface PrintedRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
}

export interface Printer<T = KubeObject> {
  columns: readonly TableColumnDefinition[];
  print(obj: T, now: Date): PrintedRow;
}

/** Lets the registry hold printers written against typed objects (Pod, Node…): stored objects have those shapes. */
export const asGeneric = <T>(printer: Printer<T>): Printer<KubeObject> =>
  printer as unknown as Printer<KubeObject>;

export const column = (
  name: string,
  type: TableColumnDefinition['type'],
  description: string,
  extra: { priority?: number; format?: string } = {},
): TableColumnDefinition => ({
  name,
  type,
  format: extra.format ?? '',
  description,
  priority: extra.priority ?? 0,
});

export const wide = (name: string, description: string): TableColumnDefinition =>
  column(name, 'string', description, { priority: 1 });

/** The NAME and AGE columns every kind shares. */
export const NAME_COLUMN = column(
  'Name',
  'string',
  'Name must be unique within a namespace. Is required when creating resources. Cannot be updated.',
  { format: 'name' },
);
export const AGE_COLUMN = column(
  'Age',
  'string',
  'CreationTimestamp is a timestamp representing the server time when this object was created.',
);

export const CONTAINERS_COLUMN = wide('Containers', 'Names of each container in the template.');
export const IMAGES_COLUMN = wide('Images', 'Images referenced by each container in the template.');

/** `a,b` / `nginx:1.27,busybox` for the CONTAINERS and IMAGES columns. */
export const containerCells = (
  containers: { name: string; image?: string }[] | undefined,
): [string, string] => [
  (containers ?? []).map((c) => c.name).join(','),
  (containers ?? []).map((c) => c.image ?? '').join(','),
];

export const orNone = (value: string | undefined | null): string => (value ? value : '<none>');
