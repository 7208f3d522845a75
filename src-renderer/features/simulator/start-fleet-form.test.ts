import { describe, expect, it } from 'vitest';
import { fleetOptionsSchema } from '../../../src-shared/contract/channels/simulator.ts';
import { EMPTY_FORM, toFleetOptions } from './start-fleet-form.ts';

describe('the Start fleet form', () => {
  it('names each wrong field and builds nothing', () => {
    const result = toFleetOptions({ ...EMPTY_FORM, groupId: ' ', count: '0', idPattern: 'dev', payload: '{modelId', intervalSeconds: 'soon', jitterMs: '-1' });
    expect(result).toEqual({
      ok: false,
      errors: {
        groupId: 'simulator.form.errors.required',
        count: 'simulator.form.errors.count',
        idPattern: 'simulator.form.errors.pattern',
        payload: 'simulator.form.errors.json',
        intervalSeconds: 'simulator.form.errors.interval',
        jitterMs: 'simulator.form.errors.jitter',
      },
    });
  });

  it('builds a request the channel accepts, with the custom payload and a generator', () => {
    const result = toFleetOptions({ ...EMPTY_FORM, groupId: 'g1', count: '20', payload: '{"modelId":"dtmi:x;1"}', telemetryKind: 'generators', generator: 'sine', intervalSeconds: '0.5' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const parsed = fleetOptionsSchema.parse(result.options);
    expect(parsed).toMatchObject({ source: { kind: 'group', groupId: 'g1' }, count: 20, payload: { modelId: 'dtmi:x;1' }, telemetry: { intervalMs: 500, source: { kind: 'generators' } } });
  });

  it('takes individual enrollments from a list and sizes the fleet to it', () => {
    const result = toFleetOptions({ ...EMPTY_FORM, sourceKind: 'individual', registrationIds: 'a-1, a-2\na-3' });
    expect(result.ok && result.options).toMatchObject({ source: { kind: 'individual', registrationIds: ['a-1', 'a-2', 'a-3'] }, count: 3 });
  });
});
