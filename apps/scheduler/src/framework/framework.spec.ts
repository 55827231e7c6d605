import { clusterOf, makeNode, makePod } from './test/scheduler.fixtures';
import { CycleState } from './cycle-state';
import { FitError, fitErrorMessage } from './fit-error';
import { Framework } from './framework';
import type { FilterPlugin, ScorePlugin } from './plugin.interfaces';
import { numFeasibleNodesToFind } from './num-feasible-nodes';
import { PodInfo } from './pod-info';
import { SchedulingCycle } from './scheduling-cycle';
import { selectHost } from './select-host';
import { Status } from './status';

describe(Framework.name, () => {
  it('formats FitError exactly as Kubernetes: counted, "<n> <reason>", sorted as strings', () => {
    const untolerated = Status.unresolvable(
      'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
    );
    const diagnosis = {
      nodeToStatus: new Map([
        ['cp', untolerated],
        ['w1', Status.unschedulable('Insufficient cpu')],
        ['w2', Status.unschedulable('Insufficient cpu', 'Insufficient memory')],
      ]),
      unschedulablePlugins: new Set(['TaintToleration', 'NodeResourcesFit']),
      postFilterMsg: 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    };
    expect(new FitError('default/p', 3, diagnosis).message).toBe(
      '0/3 nodes are available: 1 Insufficient memory, ' +
        '1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..',
    );
    expect(
      fitErrorMessage(2, { ...diagnosis, preFilterMsg: 'pod has unbound claims', postFilterMsg: undefined }),
    ).toBe('0/2 nodes are available: pod has unbound claims.');
  });

  it.each([
    [0, 50, 50],
    [0, 99, 99],
    [0, 100, 100],
    [0, 500, 230],
    [0, 1000, 420],
    [0, 5000, 500],
    [0, 6000, 300],
    [10, 500, 100],
    [30, 1000, 300],
    [100, 1000, 1000],
  ])('percentageOfNodesToScore %i over %i nodes finds %i', (percentage, nodes, expected) => {
    expect(numFeasibleNodesToFind(percentage, nodes)).toBe(expected);
  });

  it('breaks ties between equal scores with the injected random (reservoir sampling)', () => {
    expect(selectHost([5, 9, 9, 9, 1], 3, () => 0)).toEqual([3, 1, 2]); // random 0 always replaces
    expect(selectHost([5, 9, 9, 9, 1], 3, () => 0.99)).toEqual([1, 2, 3]); // never replaces
    expect(selectHost([5, 9, 9, 9, 1], 1, () => 0.99)).toEqual([1]);
  });

  it('stops filtering once enough nodes fit, and starts the next cycle where this one stopped', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => makeNode(`n${String(i).padStart(3, '0')}`));
    const { snapshot } = clusterOf(nodes);
    const seen: string[] = [];
    const spy: FilterPlugin = {
      name: 'Spy',
      filter: (_s, _p, node) => {
        seen.push(node.name);
        return Status.success();
      },
    };
    const cycle = new SchedulingCycle(new Framework({ schedulerName: 's', plugins: [spy] }), {
      percentageOfNodesToScore: 10,
    });
    const pod = new PodInfo(makePod('p'));
    const first = cycle.schedulePod(new CycleState(snapshot), pod, snapshot);
    expect(first.kind === 'Scheduled' && first.result).toMatchObject({
      feasibleNodes: 100,
      evaluatedNodes: 100,
    });
    const startOfSecond = seen.length;
    cycle.schedulePod(new CycleState(snapshot), pod, snapshot);
    expect(seen[startOfSecond]).toBe(snapshot.list()[100].name);
  });

  it('weights normalized scores per plugin and rejects scores outside 0..100', () => {
    const { snapshot } = clusterOf([makeNode('a'), makeNode('b')]);
    const byName: ScorePlugin = { name: 'ByName', score: (_s, _p, n) => (n.name === 'b' ? 10 : 0) };
    const fw = new Framework({ schedulerName: 's', plugins: [byName], scoreWeights: { ByName: 3 } });
    const out = new SchedulingCycle(fw).schedulePod(
      new CycleState(snapshot),
      new PodInfo(makePod('p')),
      snapshot,
    );
    expect(out.kind === 'Scheduled' && out.result.candidates[0]).toEqual({
      name: 'b',
      totalScore: 30,
      scores: [{ plugin: 'ByName', score: 30 }],
    });
    const bad: ScorePlugin = { name: 'Bad', score: () => 101 };
    const fw2 = new Framework({ schedulerName: 's', plugins: [bad] });
    const err = new SchedulingCycle(fw2).schedulePod(
      new CycleState(snapshot),
      new PodInfo(makePod('p')),
      snapshot,
    );
    expect(err).toMatchObject({ kind: 'Error' });
  });
});
