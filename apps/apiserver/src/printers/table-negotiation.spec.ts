import { negotiateTable, TABLE_V1_MEDIA_TYPE, wantsTable } from './table-negotiation';

const KUBECTL_GET =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('negotiateTable', () => {
  it('answers Table v1 to kubectl get', () => {
    expect(negotiateTable(KUBECTL_GET)).toEqual({
      apiVersion: 'meta.k8s.io/v1',
      mediaType: TABLE_V1_MEDIA_TYPE,
    });
    expect(TABLE_V1_MEDIA_TYPE).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
  });

  it('answers v1beta1 to a client that only accepts v1beta1', () => {
    expect(negotiateTable('application/json;as=Table;v=v1beta1;g=meta.k8s.io')?.apiVersion).toBe(
      'meta.k8s.io/v1beta1',
    );
  });

  it('does not answer a Table to plain JSON clients (-o json, informers)', () => {
    expect(wantsTable('application/json')).toBe(false);
    expect(wantsTable('*/*')).toBe(false);
    expect(wantsTable(undefined)).toBe(false);
    expect(wantsTable(KUBECTL_GET)).toBe(true);
  });
});
