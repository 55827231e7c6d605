/** ReplicaSet defaulting (apps/v1 SetDefaults_ReplicaSet). */
import { isRecord, Obj } from '../validation/shape';
import { defaultPodTemplate } from './pod.defaults';

export function defaultReplicaSet(rs: Obj): void {
  const spec = rs.spec;
  if (!isRecord(spec)) return;
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  defaultPodTemplate(spec.template);
}
