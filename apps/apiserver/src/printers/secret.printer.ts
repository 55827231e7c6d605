/** `kubectl get secrets`: NAME TYPE DATA AGE, DATA counting `data` keys (never their values). */
import { Secret } from '@orchestra/api';
import { since } from './human-duration';
import { AGE_COLUMN, column, NAME_COLUMN, Printer } from './printer';

export const secretPrinter: Printer<Secret> = {
  columns: [
    NAME_COLUMN,
    column('Type', 'string', 'The type of the secret'),
    column('Data', 'string', 'The number of entries in the secret'),
    AGE_COLUMN,
  ],
  print(secret, now) {
    const keys = Object.keys(secret.data ?? {}).length;
    return {
      cells: [
        secret.metadata.name ?? '',
        secret.type ?? '',
        keys,
        since(secret.metadata.creationTimestamp, now),
      ],
    };
  },
};
