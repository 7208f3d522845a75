import { describe, expect, it } from 'vitest';
import type { ProfileDetails } from '../../../src-shared/contract/channels/profiles.ts';
import { emptyForm, formFromDetails, inputFromForm, messagesFor, nonAzureHosts } from './profile-form-model.ts';

const details: ProfileDetails = {
  summary: { id: 'p', name: 'Prod', kind: 'azure', dpsHost: 'd.azure-devices-provisioning.net', hubHosts: ['h.azure-devices.net'] },
  azure: {
    id: 'p',
    name: 'Prod',
    kind: 'azure',
    auth: 'keys',
    dps: { host: 'd.azure-devices-provisioning.net', policyName: 'provisioningserviceowner', keyTail: '…AbC=', idScope: '0ne00000P01', globalEndpoint: 'global.azure-devices-provisioning.net' },
    hubs: [{ host: 'h.azure-devices.net', policyName: 'iothubowner', keyTail: '…XyZ=' }],
    eventHub: null,
    caCertificatePem: null,
    entra: null,
    createdAt: '',
    updatedAt: '',
  },
  sandboxRunning: null,
  missingSecrets: [],
  warnings: [],
};

describe('profile form model', () => {
  it('opens an edit with empty secret fields and the stored endpoint named by host, policy and key tail', () => {
    const form = formFromDetails(details);
    expect(form.dpsConnectionString).toBe('');
    expect(form.hubs).toEqual([{ connectionString: '', host: 'h.azure-devices.net', stored: 'h.azure-devices.net · iothubowner · …XyZ=' }]);
  });

  it('sends the stored hub by host so the main process keeps its key', () => {
    const input = inputFromForm(formFromDetails(details));
    expect(input).toMatchObject({ name: 'Prod', auth: 'keys', dpsConnectionString: '', hubs: [{ connectionString: '', host: 'h.azure-devices.net' }], eventHub: null, caCertificatePem: null, entra: null });
  });

  it('sends host names and the Entra ID config, no connection strings, for an Entra profile', () => {
    const input = inputFromForm({ ...emptyForm(), name: 'E', auth: 'entra', dpsHost: 'd', idScope: 's', hubs: [{ connectionString: 'ignored', host: 'h', stored: null }], tenantId: 't', clientId: 'c' });
    expect(input).toEqual({ name: 'E', auth: 'entra', dpsHost: 'd', idScope: 's', globalEndpoint: 'global.azure-devices-provisioning.net', hubs: [{ host: 'h' }], eventHub: null, caCertificatePem: null, entra: { tenantId: 't', clientId: 'c', flow: 'deviceCode' } });
  });

  it('joins every message for a field and its sub-fields', () => {
    const errors = [
      { path: 'hubs.0.connectionString', message: 'a' },
      { path: 'hubs.0.connectionString', message: 'b' },
      { path: 'entra.tenantId', message: 'c' },
    ];
    expect(messagesFor(errors, 'hubs.0.connectionString')).toBe('a · b');
    expect(messagesFor(errors, 'entra')).toBe('c');
    expect(messagesFor(errors, 'name')).toBeUndefined();
  });

  it('shows each message through the given translation', () => {
    const errors = [{ path: 'idScope', message: 'x', key: 'idScopeRequired' }, { path: 'idScope', message: 'y' }];
    expect(messagesFor(errors, 'idScope', (d) => (d.key ? `[${d.key}]` : d.message))).toBe('[idScopeRequired] · y');
  });

  it('names the Entra ID hosts outside Azure, and sends the confirmation only when ticked and needed', () => {
    const entra = { ...emptyForm(), name: 'E', auth: 'entra' as const, dpsHost: 'd.azure-devices-provisioning.us', idScope: 's', hubs: [{ connectionString: '', host: 'proxy.contoso.local', stored: null }], tenantId: 't', clientId: 'c' };
    expect(nonAzureHosts(entra)).toEqual(['proxy.contoso.local']);
    expect(inputFromForm(entra)).not.toHaveProperty('confirmNonAzureHosts');
    expect(inputFromForm({ ...entra, confirmNonAzureHosts: true })).toMatchObject({ confirmNonAzureHosts: true });
    const allAzure = { ...entra, hubs: [{ connectionString: '', host: 'h.azure-devices.us', stored: null }], confirmNonAzureHosts: true };
    expect(nonAzureHosts(allAzure)).toEqual([]);
    expect(inputFromForm(allAzure)).not.toHaveProperty('confirmNonAzureHosts');
    expect(nonAzureHosts({ ...entra, auth: 'keys' })).toEqual([]);
  });
});
