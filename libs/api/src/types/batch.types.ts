/** Job (batch/v1). */
import { Condition, LabelSelector, ObjectMeta, TypeMeta } from './meta.types';
import { PodTemplateSpec } from './pod.types';

export interface JobSpec {
  parallelism?: number;
  completions?: number;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  completionMode?: 'NonIndexed' | 'Indexed';
  suspend?: boolean;
  manualSelector?: boolean;
  selector?: LabelSelector;
  template: PodTemplateSpec;
}

export interface JobStatus {
  active?: number;
  succeeded?: number;
  failed?: number;
  ready?: number;
  startTime?: string;
  completionTime?: string;
  conditions?: Condition[];
}

export interface Job extends TypeMeta {
  metadata: ObjectMeta;
  spec: JobSpec;
  status?: JobStatus;
}
