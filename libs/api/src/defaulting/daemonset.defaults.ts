/** DaemonSet defaulting (apps/v1 SetDefaults_DaemonSet). */
import { isRecord, Obj } from '../validation/shape';
import { defaultPodTemplate } from './pod.defaults';

const absent = (v: unknown): boolean => v === undefined || v === null;

export function defaultDaemonSet(ds: Obj): void {
  const spec = ds.spec;
  if (!isRecord(spec)) return;
  if (absent(spec.updateStrategy)) spec.updateStrategy = {};
  const strategy = spec.updateStrategy;
  if (isRecord(strategy)) {
    if (!strategy.type) strategy.type = 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      if (absent(strategy.rollingUpdate)) strategy.rollingUpdate = {};
      const rolling = strategy.rollingUpdate;
      if (isRecord(rolling)) {
        if (absent(rolling.maxUnavailable)) rolling.maxUnavailable = 1;
        if (absent(rolling.maxSurge)) rolling.maxSurge = 0;
      }
    }
  }
  if (absent(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  defaultPodTemplate(spec.template);
}
