/** `kubectl get namespaces`: NAME STATUS AGE. */
import { Namespace } from '@orchestra/api';
import { since } from './human-duration';
import { AGE_COLUMN, column, NAME_COLUMN, Printer } from './printer';

export const namespacePrinter: Printer<Namespace> = {
  columns: [NAME_COLUMN, column('Status', 'string', 'The status of the namespace'), AGE_COLUMN],
  print(ns, now) {
    return {
      cells: [ns.metadata.name ?? '', ns.status?.phase ?? '', since(ns.metadata.creationTimestamp, now)],
    };
  },
};
