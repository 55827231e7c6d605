import { Job, Pod } from '@orchestra/api';
import {
  backoffLimitExceededReason,
  controllerUidLabel,
  deadlineExceededReason,
  jobNameLabel,
  podFromJobTemplate,
  syncJob,
} from './job-sync';

const now = Date.parse('2026-01-01T00:10:00Z');

function job(spec: Partial<Job['spec']> = {}, status?: Job['status']): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'job-uid' },
    spec: {
      completions: 5,
      parallelism: 2,
      backoffLimit: 2,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'orchestra/batch' }] } },
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}

let seq = 0;
function pod(phase: string, extra: Partial<Pod['status']> = {}): Pod {
  seq++;
  return {
    metadata: { name: `pi-${seq}`, namespace: 'default', uid: `pod-${seq}` },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'orchestra/batch' }] },
    status: { phase, ...extra },
  } as Pod;
}

describe(syncJob.name, () => {
  it('starts parallelism pods and sets startTime', () => {
    const result = syncJob(job(), [], now);
    expect(result.decision).toEqual({ action: 'create', count: 2 });
    expect(result.status).toMatchObject({
      active: 0,
      succeeded: 0,
      failed: 0,
      startTime: '2026-01-01T00:10:00Z',
    });
  });

  it('never runs more than the completions still needed', () => {
    const pods = [pod('Succeeded'), pod('Succeeded'), pod('Succeeded'), pod('Succeeded'), pod('Running')];
    expect(syncJob(job(), pods, now).decision).toEqual({ action: 'none' });
    const three = [pod('Succeeded'), pod('Succeeded'), pod('Succeeded')];
    expect(syncJob(job(), three, now).decision).toEqual({ action: 'create', count: 2 });
  });

  it('deletes pods beyond parallelism', () => {
    const result = syncJob(job({ parallelism: 1 }), [pod('Running'), pod('Running')], now);
    expect(result.decision).toMatchObject({ action: 'delete' });
    expect(result.decision.action === 'delete' && result.decision.pods).toHaveLength(1);
  });

  it('completes at completions successful pods, with completionTime and condition Complete', () => {
    const pods = Array.from({ length: 5 }, () => pod('Succeeded'));
    const result = syncJob(job({}, { startTime: '2026-01-01T00:00:00Z' }), pods, now);
    expect(result.decision).toEqual({ action: 'none' });
    expect(result.status).toMatchObject({ succeeded: 5, active: 0, completionTime: '2026-01-01T00:10:00Z' });
    expect(result.status.conditions).toEqual([expect.objectContaining({ type: 'Complete', status: 'True' })]);
  });

  it('a Job without completions completes when one pod succeeded and none is left running', () => {
    const result = syncJob(job({ completions: undefined, parallelism: 2 }), [pod('Succeeded')], now);
    expect(result.status.conditions?.[0]?.type).toBe('Complete');
  });

  it('fails with BackoffLimitExceeded once failures exceed backoffLimit, deleting what still runs', () => {
    const running = pod('Running');
    const result = syncJob(job(), [pod('Failed'), pod('Failed'), pod('Failed'), running], now);
    expect(result.decision).toEqual({ action: 'delete', pods: [running] });
    expect(result.status).toMatchObject({ failed: 3, active: 0 });
    expect(result.status.conditions).toEqual([
      expect.objectContaining({ type: 'Failed', status: 'True', reason: backoffLimitExceededReason }),
    ]);
    expect(result.event).toMatchObject({ type: 'Warning', reason: backoffLimitExceededReason });
  });

  it('replaces failed pods while failures are within backoffLimit', () => {
    const result = syncJob(job(), [pod('Failed'), pod('Failed'), pod('Running')], now);
    expect(result.decision).toEqual({ action: 'create', count: 1 });
    expect(result.status.conditions).toBeUndefined();
  });

  it('counts container restarts as failures with restartPolicy OnFailure', () => {
    const onFailure = job({
      backoffLimit: 1,
      template: {
        spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'orchestra/crashloop' }] },
      },
    });
    const restarting = pod('Running', {
      containerStatuses: [{ name: 'c', restartCount: 2 } as never],
    });
    expect(syncJob(onFailure, [restarting], now).status.conditions?.[0]?.reason).toBe(
      backoffLimitExceededReason,
    );
  });

  it('fails with DeadlineExceeded after activeDeadlineSeconds, and otherwise requeues for the deadline', () => {
    const started = { startTime: '2026-01-01T00:09:00Z' };
    const early = syncJob(job({ activeDeadlineSeconds: 100 }, started), [pod('Running')], now);
    expect(early.requeueAfterMs).toBe(40_000);
    const late = syncJob(job({ activeDeadlineSeconds: 60 }, started), [pod('Running')], now);
    expect(late.decision).toMatchObject({ action: 'delete' });
    expect(late.status.conditions?.[0]).toMatchObject({ type: 'Failed', reason: deadlineExceededReason });
  });

  it('does nothing more once finished', () => {
    const done = job({}, { conditions: [{ type: 'Complete', status: 'True' }], succeeded: 5 });
    expect(syncJob(done, [], now).decision).toEqual({ action: 'none' });
  });
});

describe(podFromJobTemplate.name, () => {
  it('labels the pod with the Job and makes the Job its controller', () => {
    const ref = { apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'job-uid', controller: true };
    const p = podFromJobTemplate(job(), ref);
    expect(p.metadata.generateName).toBe('pi-');
    expect(p.metadata.labels).toEqual({
      [controllerUidLabel]: 'job-uid',
      [jobNameLabel]: 'pi',
      'controller-uid': 'job-uid',
      'job-name': 'pi',
    });
    expect(p.metadata.ownerReferences).toEqual([ref]);
  });
});
