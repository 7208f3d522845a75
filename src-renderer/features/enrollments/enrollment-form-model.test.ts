import { describe, expect, it } from 'vitest';
import { emptyForm, inputFromForm } from './enrollment-form-model.ts';

describe('enrollment form model', () => {
  it('names the twin section that is not a JSON object, or is over 32 KB, before anything is sent', () => {
    const bad = inputFromForm({ ...emptyForm('individual'), id: 'dev-1', tagsJson: '{"a":', desiredJson: JSON.stringify({ big: 'x'.repeat(33_000) }) });
    expect(bad.input).toBeNull();
    expect(bad.errors.map((e) => e.path)).toEqual(['initialTwin.tags', 'initialTwin.desired']);
    expect(bad.errors[1]!.message).toMatch(/over the 32 KB limit/);
  });

  it('sends provided keys only in provide mode and drops fields the chosen policy does not use', () => {
    const base = { ...emptyForm('individual'), id: ' dev-1 ', primaryKey: 'typed', secondaryKey: 'typed2', iotHubHostName: 'hub-a', webhookUrl: 'https://x' };
    const generated = inputFromForm(base).input!;
    expect(generated).toMatchObject({ id: 'dev-1', attestation: { type: 'symmetricKey' }, iotHubHostName: undefined, webhookUrl: undefined });
    expect(JSON.stringify(generated)).not.toContain('typed');
    const provided = inputFromForm({ ...base, keyMode: 'provide', allocationPolicy: 'static' }).input!;
    expect(provided).toMatchObject({ attestation: { type: 'symmetricKey', primaryKey: 'typed', secondaryKey: 'typed2' }, iotHubHostName: 'hub-a' });
  });
});
