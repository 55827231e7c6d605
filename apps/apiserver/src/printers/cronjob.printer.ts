/** `kubectl get cronjobs`: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE (+ wide), as Kubernetes 1.32. */
import { CronJob } from '@orchestra/api';
import { since } from './human-duration';
import { AGE_COLUMN, column, NAME_COLUMN, Printer } from './printer';
import { workloadWideCells, workloadWideColumns } from './workload-columns';

/** printers.go printBoolPtr. */
const boolPtr = (value: boolean | undefined) => (value === undefined ? '<unset>' : value ? 'True' : 'False');

export const cronJobPrinter: Printer<CronJob> = {
  columns: [
    NAME_COLUMN,
    column('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    column(
      'Timezone',
      'string',
      'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process.',
    ),
    column('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions.'),
    column('Active', 'integer', 'A list of pointers to currently running jobs.'),
    column(
      'Last Schedule',
      'string',
      'Information when was the last time the job was successfully scheduled.',
    ),
    AGE_COLUMN,
    ...workloadWideColumns('A label query over pods that should match the pod count.'),
  ],
  print(cronJob, now) {
    const jobSpec = cronJob.spec.jobTemplate?.spec;
    return {
      cells: [
        cronJob.metadata.name ?? '',
        cronJob.spec.schedule,
        cronJob.spec.timeZone ?? '<none>',
        boolPtr(cronJob.spec.suspend),
        cronJob.status?.active?.length ?? 0,
        cronJob.status?.lastScheduleTime ? since(cronJob.status.lastScheduleTime, now) : '<none>',
        since(cronJob.metadata.creationTimestamp, now),
        ...workloadWideCells(jobSpec?.template, jobSpec?.selector),
      ],
    };
  },
};
