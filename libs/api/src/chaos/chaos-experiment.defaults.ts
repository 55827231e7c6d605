/** ChaosExperiment defaulting: mode one, a duration and recovery timeout for every run, http-fault's 503. */
import { isRecord, Obj } from '../validation/shape';

export const DEFAULT_LASTING_FAULT_DURATION = '30s';
export const DEFAULT_RECOVERY_TIMEOUT = '2m';

const absent = (v: unknown): boolean => v === undefined || v === null;

export function defaultChaosExperiment(experiment: Obj): void {
  const spec = experiment.spec;
  if (!isRecord(spec)) return;
  if (absent(spec.mode)) spec.mode = 'one';
  // A lasting fault needs an end; instant ones (pod-kill, container-kill, component-kill) last no time.
  const lasting = [
    'pod-failure',
    'cpu-stress',
    'memory-stress',
    'http-fault',
    'store-latency',
    'queue-stall',
    'node-drain',
    'node-down',
    'node-partition',
    'component-pause',
  ].includes(spec.action as string);
  if (absent(spec.duration)) spec.duration = lasting ? DEFAULT_LASTING_FAULT_DURATION : '0s';
  const fault = spec.httpFault;
  if (
    spec.action === 'http-fault' &&
    isRecord(fault) &&
    absent(fault.errorCode) &&
    !absent(fault.errorPercent)
  )
    fault.errorCode = 503;
  if (absent(spec.recoveryTimeout)) spec.recoveryTimeout = DEFAULT_RECOVERY_TIMEOUT;
  if (absent(spec.dryRun)) spec.dryRun = false;
}
