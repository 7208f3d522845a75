import https from 'node:https';
import { createRequire } from 'node:module';
import type { DigitalTwinsClient } from '@azure/digital-twins-core';
import type { TokenCredential } from '@azure/core-auth';

/**
 * A DigitalTwinsClient that trusts an extra CA (the sandbox's) without touching a global: the
 * client runs on @azure/core-http, whose own agents take no CA, so its DefaultHttpClient is
 * subclassed to hand node-fetch an agent that carries it (adt-wire.md §1). core-http is loaded
 * from inside @azure/digital-twins-core so the subclass is the class the client itself uses.
 */
const require = createRequire(import.meta.url);
const adtEntry = require.resolve('@azure/digital-twins-core');
const fromAdt = createRequire(adtEntry);
const adtSdk = fromAdt(adtEntry) as { DigitalTwinsClient: new (url: string, credential: TokenCredential, options?: Record<string, unknown>) => DigitalTwinsClient };
const coreHttp = fromAdt('@azure/core-http') as { DefaultHttpClient: new () => { prepareRequest(request: unknown): Promise<Record<string, unknown>> } };

export const DIGITAL_TWINS_SCOPE = 'https://digitaltwins.azure.net/.default';

/** The sandbox has no Entra ID: its credential hands out the token the sandbox issued (see the sandbox README). */
export function staticTokenCredential(token: string, expiresOnTimestamp = Date.now() + 3600_000): TokenCredential {
  return { getToken: async () => ({ token, expiresOnTimestamp }) };
}

/** One keep-alive agent per CA, so clients made per call (as the console makes them) reuse connections. */
const agents = new Map<string, https.Agent>();

function httpClientTrusting(ca: string): unknown {
  let agent = agents.get(ca);
  if (!agent) agents.set(ca, (agent = new https.Agent({ ca, keepAlive: true, maxSockets: 64 })));
  const shared = agent;
  class TrustingHttpClient extends coreHttp.DefaultHttpClient {
    override async prepareRequest(request: unknown): Promise<Record<string, unknown>> {
      const init = await super.prepareRequest(request);
      return { ...init, agent: shared };
    }
  }
  return new TrustingHttpClient();
}

/** `ca` for the sandbox (its CA PEM); omitted for Azure, where the system roots apply. */
export function createDigitalTwinsClient(url: string, credential: TokenCredential, ca?: string): DigitalTwinsClient {
  return new adtSdk.DigitalTwinsClient(url, credential, ca ? { httpClient: httpClientTrusting(ca) } : {});
}
