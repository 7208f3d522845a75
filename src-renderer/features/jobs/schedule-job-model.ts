import { parseJsonObject } from '../../../src-shared/domain/json-object.ts';
import type { ScheduleJobRequest } from '../../../src-shared/contract/channels/jobs.ts';

export interface JobForm {
  condition: string;
  type: 'twin' | 'method';
  tags: string;
  desired: string;
  methodName: string;
  payload: string;
  responseTimeout: string;
  /** datetime-local text; empty starts now. */
  startAt: string;
  maxExecution: string;
}

export const EMPTY_JOB_FORM: JobForm = { condition: '', type: 'twin', tags: '', desired: '{\n  \n}', methodName: '', payload: '', responseTimeout: '30', startAt: '', maxExecution: '3600' };

export type FormErrors = Partial<Record<keyof JobForm, string>>;

/** The request for jobs:schedule, or the problems per field as message keys (under jobs.errors). */
export function jobRequest(hubHost: string, form: JobForm): { request: ScheduleJobRequest } | { errors: FormErrors } {
  const errors: FormErrors = {};
  if (form.condition.trim() === '') errors.condition = 'conditionRequired';
  const max = Number(form.maxExecution);
  if (!Number.isInteger(max) || max < 60 || max > 172_800) errors.maxExecution = 'maxExecution';
  const start = form.startAt ? new Date(form.startAt) : null;
  if (start && Number.isNaN(start.getTime())) errors.startAt = 'startAt';
  let action: ScheduleJobRequest['action'] | null = null;
  if (form.type === 'twin') {
    const tags = parseJsonObject(form.tags);
    const desired = parseJsonObject(form.desired);
    if (tags === 'bad') errors.tags = 'notObject';
    if (desired === 'bad') errors.desired = 'notObject';
    const hasTags = tags !== null && tags !== 'bad' && Object.keys(tags).length > 0;
    const hasDesired = desired !== null && desired !== 'bad' && Object.keys(desired).length > 0;
    if (!errors.tags && !errors.desired && !hasTags && !hasDesired) errors.desired = 'patchRequired';
    if (!errors.tags && !errors.desired) action = { type: 'twin', ...(hasTags ? { tags: tags as Record<string, unknown> } : {}), ...(hasDesired ? { desired: desired as Record<string, unknown> } : {}) };
  } else {
    const timeout = Number(form.responseTimeout);
    if (form.methodName.trim() === '') errors.methodName = 'methodRequired';
    if (!Number.isInteger(timeout) || timeout < 5 || timeout > 300) errors.responseTimeout = 'responseTimeout';
    if (form.payload.trim() !== '' && parseJsonObject(form.payload) === 'bad') {
      try {
        JSON.parse(form.payload);
      } catch {
        errors.payload = 'notJson';
      }
    }
    action = { type: 'method', methodName: form.methodName.trim(), payload: form.payload, responseTimeoutInSeconds: timeout };
  }
  if (Object.keys(errors).length > 0 || !action) return { errors };
  return { request: { hubHost, condition: form.condition.trim(), action, maxExecutionTimeInSeconds: max, ...(start ? { startTime: start.toISOString() } : {}) } };
}
