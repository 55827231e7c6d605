import { ReplicaSet } from '@orchestra/api';
import { deployment, replicaSet } from '../controller-utils/test/workload-fixtures';
import {
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  oldReplicaSetsScaleDown,
  resolveFenceposts,
  scaledValue,
} from './rolling-update';

const rs = (name: string, replicas: number, available: number, created: string): ReplicaSet => ({
  ...replicaSet(name, replicas),
  metadata: { name, namespace: 'default', uid: name, creationTimestamp: created },
  status: { replicas, availableReplicas: available },
});

describe('rolling-update', () => {
  it.each([
    [5, 10, true, 5],
    ['25%', 10, true, 3],
    ['25%', 10, false, 2],
    ['10%', 5, true, 1],
    ['10%', 5, false, 0],
    ['100%', 7, false, 7],
    ['0%', 7, true, 0],
    [undefined, 7, true, 0],
  ])('scaledValue(%p of %p, roundUp %p) = %p', (value, total, up, expected) => {
    expect(scaledValue(value, total, up)).toBe(expected);
  });

  it('rejects a string that is not a percentage', () => {
    expect(() => scaledValue('3', 10, true)).toThrow(/invalid value/);
  });

  it.each([
    ['25%', '25%', 10, 3, 2],
    ['25%', '25%', 1, 1, 0],
    ['10%', '10%', 5, 1, 0],
    ['0%', '10%', 5, 0, 1],
    [0, 0, 5, 0, 1],
    [0, '1%', 50, 0, 1],
    [2, 3, 4, 2, 3],
    ['50%', 0, 3, 2, 0],
    [1, '100%', 4, 1, 4],
  ])('resolveFenceposts(surge %p, unavailable %p, %p replicas) = %p, %p', (s, u, n, surge, unavailable) => {
    expect(resolveFenceposts(s, u, n)).toEqual({ surge, unavailable });
  });

  it.each([
    [{ type: 'RollingUpdate' as const, rollingUpdate: { maxSurge: 1, maxUnavailable: 5 } }, 3, 1, 3],
    [{ type: 'RollingUpdate' as const, rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } }, 0, 1, 0],
    [{ type: 'Recreate' as const }, 3, 0, 0],
  ])('maxSurge / maxUnavailable of %j with %p replicas', (strategy, replicas, surge, unavailable) => {
    const d = deployment('web', { replicas, strategy });
    expect([maxSurge(d), maxUnavailable(d)]).toEqual([surge, unavailable]);
  });

  it.each([
    // replicas, surge, old size, new size, expected new size
    [10, 3, 10, 0, 3],
    [10, 3, 8, 3, 5],
    [10, 3, 0, 9, 10],
    [10, 0, 10, 0, 0],
    [10, 0, 9, 0, 1],
    [10, 3, 13, 0, 0],
  ])(
    'newRSNewReplicas: %p replicas, surge %p, old %p, new %p → %p',
    (replicas, surge, old, current, expected) => {
      const d = deployment('web', {
        replicas,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: 1 } },
      });
      const oldRS = rs('old', old, old, '2024-01-01T00:00:00Z');
      const newRS = rs('new', current, 0, '2024-01-02T00:00:00Z');
      expect(newRSNewReplicas(d, [oldRS, newRS], newRS)).toBe(expected);
    },
  );

  it.each([
    // replicas, maxUnavailable, old (size, available), new (size, available) → old target or none
    [10, 2, [10, 10], [3, 0], [8]],
    [10, 2, [10, 10], [3, 3], [5]],
    [10, 2, [10, 10], [0, 0], [8]],
    [10, 0, [10, 10], [1, 1], [9]],
    [10, 2, [10, 4], [3, 0], [8]],
    [10, 2, [8, 8], [5, 0], []],
  ])(
    'oldReplicaSetsScaleDown: %p replicas, maxUnavailable %p, old %j, new %j → %j',
    (replicas, unavailable, o, n, expected) => {
      const d = deployment('web', {
        replicas,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: unavailable } },
      });
      const oldRS = rs('old', o[0], o[1], '2024-01-01T00:00:00Z');
      const newRS = rs('new', n[0], n[1], '2024-01-02T00:00:00Z');
      expect(oldReplicaSetsScaleDown(d, [oldRS], newRS).map((a) => a.replicas)).toEqual(expected);
    },
  );

  it('waits for ReplicaSet statuses that have caught up with their sizes before shrinking old ones', () => {
    const d = deployment('web', {
      replicas: 10,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } },
    });
    const newRS = rs('new', 3, 3, '2024-01-02T00:00:00Z');
    // Shrunk to 8 a moment ago; its status still reports the 10 pods from before (generation 2 not observed).
    const stale: ReplicaSet = {
      ...rs('old', 8, 10, '2024-01-01T00:00:00Z'),
      metadata: {
        name: 'old',
        namespace: 'default',
        uid: 'old',
        generation: 2,
        creationTimestamp: '2024-01-01T00:00:00Z',
      },
      status: { replicas: 10, availableReplicas: 10, observedGeneration: 1 },
    };
    expect(oldReplicaSetsScaleDown(d, [stale], newRS)).toEqual([]);
    const caughtUp: ReplicaSet = {
      ...stale,
      status: { replicas: 8, availableReplicas: 8, observedGeneration: 2 },
    };
    expect(oldReplicaSetsScaleDown(d, [caughtUp], newRS).map((a) => a.replicas)).toEqual([5]);
  });

  it('counts the pods a shrunk ReplicaSet still has when sizing the new one (the surge bound holds for pods)', () => {
    const d = deployment('web', {
      replicas: 10,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } },
    });
    const old = { ...rs('old', 7, 8, '2024-01-01T00:00:00Z'), status: { replicas: 8, availableReplicas: 8 } };
    const newRS = rs('new', 3, 3, '2024-01-02T00:00:00Z');
    expect(newRSNewReplicas(d, [old, newRS], newRS)).toBe(5);
  });

  it('scales down the oldest ReplicaSet first and cleans up unhealthy ones before healthy ones', () => {
    const d = deployment('web', {
      replicas: 6,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
    });
    const oldest = rs('a', 3, 3, '2024-01-01T00:00:00Z');
    const broken = rs('b', 3, 0, '2024-01-02T00:00:00Z');
    const newRS = rs('c', 1, 1, '2024-01-03T00:00:00Z');
    const actions = oldReplicaSetsScaleDown(d, [broken, oldest], newRS);
    expect(actions.map((a) => [a.rs.metadata.name, a.replicas])).toEqual([['b', 1]]);
  });
});
