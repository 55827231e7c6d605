/**
 * The node conditions the kubelet reports (pkg/kubelet/nodestatus/setters.go), with Kubernetes'
 * reasons and messages. lastTransitionTime moves only when a status changes; lastHeartbeatTime
 * moves on every report.
 */
import type { Condition } from '@orchestra/api';

type Status = Condition['status'];

interface Wanted {
  type: string;
  status: Status;
  reason: string;
  message: string;
}

/** A simulated node has no real pressure: the runtime is always up and never runs short. */
export function wantedNodeConditions(): Wanted[] {
  return [
    {
      type: 'MemoryPressure',
      status: 'False',
      reason: 'KubeletHasSufficientMemory',
      message: 'kubelet has sufficient memory available',
    },
    {
      type: 'DiskPressure',
      status: 'False',
      reason: 'KubeletHasNoDiskPressure',
      message: 'kubelet has no disk pressure',
    },
    {
      type: 'PIDPressure',
      status: 'False',
      reason: 'KubeletHasSufficientPID',
      message: 'kubelet has sufficient PID available',
    },
    { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
  ];
}

/** Merges the wanted conditions into the current ones, stamping `now` as Kubernetes does. */
export function nodeConditions(current: Condition[] | undefined, now: string): Condition[] {
  const others = (current ?? []).filter((c) => !wantedNodeConditions().some((w) => w.type === c.type));
  const ours = wantedNodeConditions().map((w): Condition => {
    const previous = current?.find((c) => c.type === w.type);
    const transitioned = !previous || previous.status !== w.status;
    return {
      ...w,
      lastHeartbeatTime: now,
      lastTransitionTime: transitioned ? now : (previous.lastTransitionTime ?? now),
    };
  });
  return [...ours, ...others];
}

/** True when only heartbeats would change: the report can wait for the status interval. */
export function sameConditions(a: Condition[] | undefined, b: Condition[]): boolean {
  const strip = (list: Condition[] | undefined) =>
    JSON.stringify((list ?? []).map(({ lastHeartbeatTime: _h, ...rest }) => rest));
  return strip(a) === strip(b);
}
