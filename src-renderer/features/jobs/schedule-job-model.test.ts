import { describe, expect, it } from 'vitest';
import { EMPTY_JOB_FORM, jobRequest } from './schedule-job-model.ts';

describe('schedule job form', () => {
  it('builds a twin job and a method job', () => {
    expect(jobRequest('h', { ...EMPTY_JOB_FORM, condition: " tags.a = 'b' ", desired: '{"mode": "eco"}' })).toEqual({
      request: { hubHost: 'h', condition: "tags.a = 'b'", action: { type: 'twin', desired: { mode: 'eco' } }, maxExecutionTimeInSeconds: 3600 },
    });
    const method = jobRequest('h', { ...EMPTY_JOB_FORM, condition: 'true', type: 'method', methodName: 'reboot', payload: '1', startAt: '2030-01-01T10:00' });
    expect(method).toMatchObject({ request: { action: { type: 'method', methodName: 'reboot', payload: '1', responseTimeoutInSeconds: 30 }, startTime: new Date('2030-01-01T10:00').toISOString() } });
  });

  it('names each wrong field', () => {
    expect(jobRequest('h', { ...EMPTY_JOB_FORM, tags: '[', desired: '{}', maxExecution: '10' })).toEqual({ errors: { condition: 'conditionRequired', maxExecution: 'maxExecution', tags: 'notObject' } });
    expect(jobRequest('h', { ...EMPTY_JOB_FORM, condition: 'true' })).toEqual({ errors: { desired: 'patchRequired' } });
    expect(jobRequest('h', { ...EMPTY_JOB_FORM, condition: 'true', type: 'method', payload: '{', responseTimeout: '400' })).toEqual({ errors: { methodName: 'methodRequired', responseTimeout: 'responseTimeout', payload: 'notJson' } });
  });
});
