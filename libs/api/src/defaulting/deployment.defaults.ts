/** Deployment defaulting (apps/v1 SetDefaults_Deployment). */
import { isRecord, Obj } from '../validation/shape';
import { defaultPodTemplate } from './pod.defaults';

const absent = (v: unknown): boolean => v === undefined || v === null;

export function defaultDeployment(deployment: Obj): void {
  const spec = deployment.spec;
  if (!isRecord(spec)) return;
  if (absent(spec.replicas)) spec.replicas = 1;
  if (absent(spec.strategy)) spec.strategy = {};
  const strategy = spec.strategy;
  if (isRecord(strategy)) {
    if (!strategy.type) strategy.type = 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      if (absent(strategy.rollingUpdate)) strategy.rollingUpdate = {};
      const rolling = strategy.rollingUpdate;
      if (isRecord(rolling)) {
        if (absent(rolling.maxUnavailable)) rolling.maxUnavailable = '25%';
        if (absent(rolling.maxSurge)) rolling.maxSurge = '25%';
      }
    }
  }
  if (absent(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  if (absent(spec.progressDeadlineSeconds)) spec.progressDeadlineSeconds = 600;
  defaultPodTemplate(spec.template);
}
