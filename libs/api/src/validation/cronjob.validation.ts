/** CronJob validation (batch/validation `ValidateCronJobSpec`): schedule, policy, limits, job template. */
import { CronExpressionParser } from 'cron-parser';
import { FieldError, FieldPath, invalid, path, required } from '../errors';
import { validateJobSpec } from './job.validation';
import { integerAt, isRecord, objectAt, Obj } from './shape';
import { validateEnum, validateNonnegative } from './values.validation';

/** Why a standard (5-field or @descriptor) cron schedule does not parse, or undefined when it does. */
export function cronScheduleError(schedule: string): string | undefined {
  const trimmed = schedule.trim();
  const fields = trimmed.split(/\s+/).filter(Boolean);
  if (!trimmed.startsWith('@') && fields.length !== 5) {
    return `expected exactly 5 fields, found ${fields.length}: ${schedule}`;
  }
  try {
    CronExpressionParser.parse(trimmed, { tz: 'UTC', strict: false });
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export function validateCronJob(cronJob: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const specPath = path('spec');
  const spec = objectAt(cronJob.spec, specPath, errs);
  if (!spec) return cronJob.spec === undefined || cronJob.spec === null ? [required(specPath)] : errs;
  errs.push(...validateSchedule(spec.schedule, specPath.child('schedule')));
  errs.push(
    ...validateEnum(
      spec.concurrencyPolicy,
      ['Allow', 'Forbid', 'Replace'],
      specPath.child('concurrencyPolicy'),
      true,
    ),
  );
  for (const field of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    const fieldPath = specPath.child(field);
    errs.push(...validateNonnegative(integerAt(spec[field], fieldPath, errs), fieldPath));
  }
  const templatePath = specPath.child('jobTemplate');
  const jobTemplate = spec.jobTemplate;
  if (!isRecord(jobTemplate)) return [...errs, required(templatePath)];
  const jobSpecPath = templatePath.child('spec');
  if (!isRecord(jobTemplate.spec)) return [...errs, required(jobSpecPath)];
  return [...errs, ...validateJobSpec(jobTemplate.spec, jobSpecPath)];
}

function validateSchedule(schedule: unknown, fieldPath: FieldPath): FieldError[] {
  if (schedule === undefined || schedule === null || schedule === '') return [required(fieldPath)];
  if (typeof schedule !== 'string') return [invalid(fieldPath, schedule, 'must be a string')];
  const error = cronScheduleError(schedule);
  return error ? [invalid(fieldPath, schedule, error)] : [];
}
