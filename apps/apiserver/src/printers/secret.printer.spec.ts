import { Secret } from '@orchestra/api';
import { secretPrinter } from './secret.printer';

const now = new Date('2026-01-10T12:00:00Z');

describe('secretPrinter', () => {
  it('prints the columns of kubectl get secrets (1.32): the number of keys, never a value', () => {
    const secret: Secret = {
      metadata: { name: 'db', creationTimestamp: '2026-01-10T11:55:00Z' },
      type: 'kubernetes.io/basic-auth',
      data: { username: 'YWRtaW4=', password: 'czNjcmV0' },
    };
    expect(secretPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Type', 'Data', 'Age']);
    const row = secretPrinter.print(secret, now);
    expect(row.cells).toEqual(['db', 'kubernetes.io/basic-auth', 2, '5m']);
    expect(JSON.stringify(row)).not.toContain('czNjcmV0');
    expect(
      secretPrinter.print({ metadata: { name: 'empty' }, type: 'Opaque' }, now).cells.slice(0, 3),
    ).toEqual(['empty', 'Opaque', 0]);
  });
});
