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

/** CronJob (batch/v1). */
export interface JobTemplateSpec {
  metadata?: ObjectMeta;
  spec: JobSpec;
}

export interface CronJobSpec {
  schedule: string;
  timeZone?: string;
  startingDeadlineSeconds?: number;
  concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  suspend?: boolean;
  jobTemplate: JobTemplateSpec;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
}

export interface CronJobStatus {
  active?: {
    apiVersion?: string;
    kind?: string;
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
  }[];
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
}

export interface CronJob extends TypeMeta {
  metadata: ObjectMeta;
  spec: CronJobSpec;
  status?: CronJobStatus;
}
