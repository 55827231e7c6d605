/** Any kind without its own printer: NAME AGE, like a Kubernetes resource with no table columns. */
import { since } from './human-duration';
import { AGE_COLUMN, NAME_COLUMN, Printer } from './printer';

export const defaultPrinter: Printer = {
  columns: [NAME_COLUMN, AGE_COLUMN],
  print(obj, now) {
    return { cells: [obj.metadata.name ?? '', since(obj.metadata.creationTimestamp, now)] };
  },
};
