import type { TokenCredential } from '@azure/identity';
import type { Client, JobClient, Registry } from 'azure-iothub';
import type { ProvisioningServiceClient } from 'azure-iot-provisioning-service';
import type { EventHubConsumerClient } from '@azure/event-hubs';
import type { DigitalTwinsClient } from '@azure/digital-twins-core';
import { createDigitalTwinsClient, staticTokenCredential } from './digital-twins-client.ts';
import { AppError } from '../../../src-shared/contract/result.ts';
import { endpointHttpClass } from './endpoint-http.ts';
import { resolveEventHubConnectionString } from './event-hub-redirect.ts';
import { trustExtraCa } from './extra-ca-trust.ts';
import { iothubSdk, provisioningSdk, type RestConfig } from './sdk-modules.ts';

/** How one service endpoint is reached: a shared access policy key, or an Entra ID token. */
export type EndpointAuth = { kind: 'sas'; policyName: string; key: string } | { kind: 'token'; credential: TokenCredential };

export interface ServiceEndpoint {
  host: string;
  auth: EndpointAuth;
}

/**
 * Everything needed to talk to one environment, secrets included. Built from a profile in the
 * main process and never sent anywhere; the sandbox and an Azure profile differ only in these values.
 */
export interface AzureTarget {
  profileId: string;
  kind: 'sandbox' | 'azure';
  dps: ServiceEndpoint;
  idScope: string;
  /** Where devices register: global.azure-devices-provisioning.net, or the sandbox's host:port. */
  deviceProvisioningHost: string;
  hubs: ServiceEndpoint[];
  /** Extra trusted CA (PEM): the sandbox's own CA, or one the operator added to the profile. */
  extraCaPem: string | null;
  /** The sandbox's Azure Digital Twins (its URL and the token it issued); Azure profiles keep their ADT URL in the digital-twins area. */
  digitalTwins?: { url: string; accessToken: string };
}

export interface ClientFactoryOptions {
  timeoutMs?: number;
}

/**
 * The one place SDK clients are made. Every service client gets the SDK's own RestApiClient with
 * an Http that understands host:port and the extra CA, injected through the public constructors.
 */
export class AzureClientFactory {
  readonly target: AzureTarget;
  private readonly timeoutMs: number;
  /** Hub host → its built-in endpoint's Event Hubs connection string, found once by redirect. */
  private readonly eventHubStrings = new Map<string, Promise<string>>();

  constructor(target: AzureTarget, options: ClientFactoryOptions = {}) {
    this.target = target;
    this.timeoutMs = options.timeoutMs ?? 20_000;
  }

  provisioningService(): ProvisioningServiceClient {
    const { dps } = this.target;
    const config = restConfig(dps, provisioningSdk.tokenScope, (host, policy, key) => provisioningSdk.SharedAccessSignature.create(host, policy, key, Date.now()));
    const Http = endpointHttpClass(provisioningSdk.Http);
    const rest = new provisioningSdk.RestApiClient(config, provisioningSdk.userAgent, new Http(this.httpOptions()));
    return new provisioningSdk.ProvisioningServiceClient(config, rest);
  }

  registry(hubHost?: string): Registry {
    const config = this.hubConfig(hubHost);
    return new iothubSdk.Registry(config, this.hubRest(config));
  }

  /** The service Client, for invokeDeviceMethod (REST) only: its AMQP side cannot reach the sandbox. */
  serviceClient(hubHost?: string): Client {
    const config = this.hubConfig(hubHost);
    // Its AMQP side (cloud-to-device, feedback) takes no CA option: the sandbox CA joins the default trust.
    trustExtraCa(this.target.extraCaPem);
    return new iothubSdk.Client(new iothubSdk.Amqp(config), this.hubRest(config));
  }

  jobClient(hubHost?: string): JobClient {
    return new iothubSdk.JobClient(this.hubRest(this.hubConfig(hubHost)));
  }

  /**
   * `GET /sandbox/v1/stats` on the sandbox's DPS or one of its hubs (sandbox-only, not an Azure
   * call): a plain GET with that endpoint's service SAS, sent through the same SDK Http the REST
   * clients get here, so host:port, the sandbox CA and the timeout apply as for every other call.
   */
  async sandboxStats(host: string): Promise<unknown> {
    return this.sandboxGet(host, '/sandbox/v1/stats');
  }

  /** A GET on a sandbox-only path (`/sandbox/v1/…`) of the DPS or a hub, exactly as sandboxStats sends it. */
  async sandboxGet(host: string, path: string): Promise<unknown> {
    if (this.target.kind !== 'sandbox') throw new AppError('unsupported', 'Statistics exist only on the sandbox');
    const isDps = host.toLowerCase() === this.target.dps.host.toLowerCase();
    const endpoint = isDps ? this.target.dps : this.hub(host);
    if (endpoint.auth.kind !== 'sas') throw new AppError('unsupported', 'Sandbox statistics need a shared access policy key');
    const sdk = isDps ? provisioningSdk : iothubSdk;
    const authorization = String(sdk.SharedAccessSignature.create(endpoint.host, endpoint.auth.policyName, endpoint.auth.key, Math.floor(Date.now() / 1000) + 600));
    const Http = endpointHttpClass(sdk.Http);
    const body = await new Promise<string>((resolve, reject) => {
      const done = (error: Error | null, text: string, response?: { statusCode?: number }) =>
        error ? reject(new AppError('unavailable', `Sandbox ${path} from ${endpoint.host}: ${response?.statusCode ?? ''} ${error.message}`.trim())) : resolve(text);
      const request = new Http(this.httpOptions()).buildRequest('GET', path, { Authorization: authorization }, endpoint.host, done);
      request.on('error', reject);
      request.end();
    });
    return JSON.parse(body) as unknown;
  }

  /**
   * An `EventHubConsumerClient` on the hub's built-in Event Hub-compatible endpoint, found the way
   * Microsoft's samples find it for Azure: the IoT Hub connection answers `amqp:link:redirect`
   * (event-hub-redirect.ts). The sandbox answers the same, so sandbox and Azure share this path.
   * Needs a shared access policy with ServiceConnect (Entra ID has no redirect to follow).
   */
  async eventHubConsumer(hubHost?: string, consumerGroup = '$Default'): Promise<EventHubConsumerClient> {
    const hub = this.hub(hubHost);
    if (hub.auth.kind !== 'sas') throw new AppError('unsupported', 'Reading the built-in endpoint needs a shared access policy key (service or iothubowner) in the profile');
    trustExtraCa(this.target.extraCaPem);
    const key = hub.host.toLowerCase();
    let found = this.eventHubStrings.get(key);
    if (!found) {
      found = resolveEventHubConnectionString({ hubHost: hub.host, policyName: hub.auth.policyName, key: hub.auth.key, caPem: this.target.extraCaPem, timeoutMs: this.timeoutMs });
      this.eventHubStrings.set(key, found);
      found.catch(() => this.eventHubStrings.delete(key));
    }
    let connectionString: string;
    try {
      connectionString = await found;
    } catch (error) {
      throw new AppError(error instanceof AppError ? error.code : 'unavailable', `The built-in endpoint of ${hub.host}: ${(error as Error).message}`);
    }
    // Loaded on first use: the Event Hubs client and its AMQP stack are large, and most sessions start without them.
    const { EventHubConsumerClient: Consumer } = await import('@azure/event-hubs');
    return new Consumer(consumerGroup, connectionString);
  }

  /**
   * An Azure Digital Twins client: the sandbox's (its URL, its issued token, its CA), or for an
   * Azure profile the instance at `url` with the profile's Entra ID credential — ADT takes no SAS,
   * so a key-based profile uses `fallbackCredential` (DefaultAzureCredential: az login, env, managed identity).
   */
  digitalTwins(url?: string, fallbackCredential?: () => TokenCredential): DigitalTwinsClient {
    if (this.target.kind === 'sandbox') {
      const adt = this.target.digitalTwins;
      if (!adt) throw new AppError('unavailable', 'This sandbox has no Azure Digital Twins endpoint; restart it from the Sandbox page');
      return createDigitalTwinsClient(adt.url, staticTokenCredential(adt.accessToken, Date.now() + 3600_000), this.target.extraCaPem ?? undefined);
    }
    if (!url) throw new AppError('validation', 'Set the Azure Digital Twins endpoint URL for this profile first', [{ path: 'url', message: 'Required' }]);
    const credential = this.target.dps.auth.kind === 'token' ? this.target.dps.auth.credential : fallbackCredential?.();
    if (!credential) throw new AppError('unsupported', 'Azure Digital Twins needs an Entra ID credential');
    return createDigitalTwinsClient(url, credential, this.target.extraCaPem ?? undefined);
  }

  /** The same target with another per-request limit (a direct method may wait up to 600 s). */
  withTimeout(timeoutMs: number): AzureClientFactory {
    return new AzureClientFactory(this.target, { timeoutMs });
  }

  /** Host names of the hubs this target knows, in profile order. */
  hubHosts(): string[] {
    return this.target.hubs.map((h) => h.host);
  }

  private hub(hubHost: string | undefined): ServiceEndpoint {
    const hub = hubHost === undefined ? this.target.hubs[0] : this.target.hubs.find((h) => h.host.toLowerCase() === hubHost.toLowerCase());
    if (!hub) {
      throw new AppError('not_found', hubHost === undefined ? 'The active profile has no IoT Hub' : `The active profile has no IoT Hub "${hubHost}"`);
    }
    return hub;
  }

  private hubConfig(hubHost: string | undefined): RestConfig {
    return restConfig(this.hub(hubHost), iothubSdk.tokenScope, (host, policy, key) => iothubSdk.SharedAccessSignature.create(host, policy, key, Date.now()));
  }

  private hubRest(config: RestConfig): object {
    const Http = endpointHttpClass(iothubSdk.Http);
    return new iothubSdk.RestApiClient(config, iothubSdk.userAgent, new Http(this.httpOptions()));
  }

  private httpOptions() {
    return { extraCaPem: this.target.extraCaPem, timeoutMs: this.timeoutMs };
  }
}

function restConfig(endpoint: ServiceEndpoint, tokenScope: string, sas: (host: string, policy: string, key: string) => unknown): RestConfig {
  if (endpoint.auth.kind === 'token') return { host: endpoint.host, tokenCredential: endpoint.auth.credential, tokenScope };
  // The SAS resource is the HostName as written, port included: that is what the service verifies (azure-wire.md §1.2).
  return { host: endpoint.host, sharedAccessSignature: sas(endpoint.host, endpoint.auth.policyName, endpoint.auth.key) };
}
