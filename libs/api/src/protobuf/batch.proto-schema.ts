/**
 * batch/v1 Job and CronJob (k8s.io/api/batch/v1/generated.proto): only the fields Orchestra's
 * types carry. Field numbers are Kubernetes'; see proto-field.ts for the notation.
 */
import { ProtoMessageTable } from './proto-field';

export const batchProtoMessages: ProtoMessageTable = {
  Job: {
    1: 'metadata: ObjectMeta',
    2: 'spec: JobSpec',
    3: 'status: JobStatus',
  },
  JobSpec: {
    1: 'parallelism?: int32',
    2: 'completions?: int32',
    3: 'activeDeadlineSeconds?: int64',
    4: 'selector?: LabelSelector',
    5: 'manualSelector?: bool',
    6: 'template!: PodTemplateSpec',
    7: 'backoffLimit?: int32',
    9: 'completionMode?: string',
    10: 'suspend?: bool',
  },
  JobStatus: {
    1: 'conditions: JobCondition[]',
    2: 'startTime?: Time',
    3: 'completionTime?: Time',
    4: 'active: int32',
    5: 'succeeded: int32',
    6: 'failed: int32',
    9: 'ready?: int32',
  },
  JobCondition: {
    1: 'type!: string',
    2: 'status!: string',
    3: 'lastProbeTime: Time',
    4: 'lastTransitionTime: Time',
    5: 'reason: string',
    6: 'message: string',
  },
  CronJob: {
    1: 'metadata: ObjectMeta',
    2: 'spec: CronJobSpec',
    3: 'status: CronJobStatus',
  },
  CronJobSpec: {
    1: 'schedule!: string',
    2: 'startingDeadlineSeconds?: int64',
    3: 'concurrencyPolicy: string',
    4: 'suspend?: bool',
    5: 'jobTemplate!: JobTemplateSpec',
    6: 'successfulJobsHistoryLimit?: int32',
    7: 'failedJobsHistoryLimit?: int32',
    8: 'timeZone?: string',
  },
  JobTemplateSpec: {
    1: 'metadata: ObjectMeta',
    2: 'spec: JobSpec',
  },
  CronJobStatus: {
    1: 'active: ObjectReference[]',
    4: 'lastScheduleTime?: Time',
    5: 'lastSuccessfulTime?: Time',
  },
};
