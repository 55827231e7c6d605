import type { Namespace } from '@orchestra/api';
import { seriesOf } from '../../test/series-of';
import { namespaceMetrics } from './namespace.families';

describe('namespace families', () => {
  it('exports the phase as Active/Terminating, 1 for the current one', () => {
    const terminating: Namespace = {
      metadata: {
        name: 'shop',
        creationTimestamp: '2024-05-01T10:00:00Z',
        deletionTimestamp: '2024-05-02T00:00:00Z',
      },
      status: { phase: 'Terminating' },
    };
    expect(seriesOf(namespaceMetrics, terminating)).toEqual([
      'kube_namespace_created{namespace="shop"} 1714557600',
      'kube_namespace_status_phase{namespace="shop",phase="Active"} 0',
      'kube_namespace_status_phase{namespace="shop",phase="Terminating"} 1',
    ]);
  });

  it('exports namespace conditions as true/false/unknown', () => {
    const ns: Namespace = {
      metadata: { name: 'shop' },
      status: {
        phase: 'Terminating',
        conditions: [{ type: 'NamespaceDeletionContentFailure', status: 'True' }],
      },
    };
    expect(seriesOf(namespaceMetrics, ns, 'kube_namespace_status_condition')).toEqual([
      'kube_namespace_status_condition{namespace="shop",condition="NamespaceDeletionContentFailure",status="true"} 1',
      'kube_namespace_status_condition{namespace="shop",condition="NamespaceDeletionContentFailure",status="false"} 0',
      'kube_namespace_status_condition{namespace="shop",condition="NamespaceDeletionContentFailure",status="unknown"} 0',
    ]);
  });
});
