import type { TokenCredential } from '@azure/identity';
import type { EntraConfig } from '../../../src-shared/domain/profile.ts';

/**
 * The token credential for an Entra ID profile. Deliberately thin: it cannot be exercised without
 * Azure, so it only maps the profile's tenant/client/flow onto @azure/identity. The device-code
 * prompt (a URL and a short code, not a secret) is handed to `onDeviceCode` for the UI.
 * @azure/identity loads on first use: it costs half a second of start-up that key profiles never need.
 */
export async function createEntraCredential(config: EntraConfig, onDeviceCode: (message: string) => void): Promise<TokenCredential> {
  const { DeviceCodeCredential, InteractiveBrowserCredential } = await import('@azure/identity');
  if (config.flow === 'deviceCode') {
    return new DeviceCodeCredential({ tenantId: config.tenantId, clientId: config.clientId, userPromptCallback: (info) => onDeviceCode(info.message) });
  }
  return new InteractiveBrowserCredential({ tenantId: config.tenantId, clientId: config.clientId, redirectUri: 'http://localhost' });
}
