/** `kubectl get configmaps`: NAME DATA AGE, DATA counting `data` and `binaryData` keys. */
import { ConfigMap } from '@orchestra/api';
import { since } from './human-duration';
import { AGE_COLUMN, column, NAME_COLUMN, Printer } from './printer';

export const configMapPrinter: Printer<ConfigMap> = {
  columns: [NAME_COLUMN, column('Data', 'string', 'Data contains the configuration data.'), AGE_COLUMN],
  print(cm, now) {
    const keys = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
    return { cells: [cm.metadata.name ?? '', keys, since(cm.metadata.creationTimestamp, now)] };
  },
};
