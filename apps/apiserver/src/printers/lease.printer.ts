/** `kubectl get leases`: NAME HOLDER AGE. */
import { Lease } from '@orchestra/api';
import { since } from './human-duration';
import { AGE_COLUMN, column, NAME_COLUMN, Printer } from './printer';

export const leasePrinter: Printer<Lease> = {
  columns: [
    NAME_COLUMN,
    column('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'),
    AGE_COLUMN,
  ],
  print(lease, now) {
    return {
      cells: [
        lease.metadata.name ?? '',
        lease.spec?.holderIdentity ?? '',
        since(lease.metadata.creationTimestamp, now),
      ],
    };
  },
};
