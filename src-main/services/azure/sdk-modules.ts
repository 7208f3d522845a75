import { createRequire } from 'node:module';
import type { ClientRequest } from 'node:http';
import type { Client, JobClient, Registry } from 'azure-iothub';
import type { ProvisioningServiceClient } from 'azure-iot-provisioning-service';

/**
 * The SDK classes, each loaded the way its own package loads it. The REST plumbing is taken from
 * inside each SDK (azure-iothub carries its own common-http; azure-iot-provisioning-service a nested
 * azure-iot-http-base 1.12.x), so the injected client is exactly the one the SDK would have built.
 */
const require = createRequire(import.meta.url);
const iothubEntry = require.resolve('azure-iothub');
const provisioningEntry = require.resolve('azure-iot-provisioning-service');
const fromIothub = createRequire(iothubEntry);
const fromProvisioning = createRequire(provisioningEntry);

/** What a RestApiClient's Http does; both SDK copies share this shape. */
export interface SdkHttp {
  buildRequest(method: string, path: string, headers: Record<string, unknown>, host: unknown, options: unknown, done?: unknown): ClientRequest;
  setOptions(options: Record<string, unknown>): void;
}
export type SdkHttpClass = new () => SdkHttp;

export interface RestConfig {
  host: string;
  sharedAccessSignature?: unknown;
  tokenCredential?: unknown;
  tokenScope?: string;
}
export type RestApiClientClass = new (config: RestConfig, userAgent: string, http: SdkHttp) => object;

interface SasModule {
  create(host: string, policy: string, key: string, expiry: number): { extend(expiry: number): string };
}

const iothub = fromIothub('azure-iothub') as {
  Registry: new (config: RestConfig, rest: object) => Registry;
  Client: new (transport: object, rest: object) => Client;
  JobClient: new (rest: object) => JobClient;
  Amqp: new (config: RestConfig) => object;
  SharedAccessSignature: SasModule;
};
const iothubRest = fromIothub('./dist/common-http/rest_api_client.js') as { RestApiClient: RestApiClientClass };
const iothubHttp = fromIothub('./dist/common-http/http.js') as { Http: SdkHttpClass };
const iothubPackage = fromIothub('./package.json') as { name: string; version: string };

const provisioning = fromProvisioning('azure-iot-provisioning-service') as {
  ProvisioningServiceClient: new (config: RestConfig, rest: object) => ProvisioningServiceClient;
};
const provisioningHttpBase = fromProvisioning('azure-iot-http-base') as { RestApiClient: RestApiClientClass; Http: SdkHttpClass };
const provisioningCommon = fromProvisioning('azure-iot-common') as { SharedAccessSignature: SasModule };
const provisioningPackage = createRequire(provisioningEntry)('./package.json') as { name: string; version: string };

export const iothubSdk = {
  ...iothub,
  RestApiClient: iothubRest.RestApiClient,
  Http: iothubHttp.Http,
  userAgent: `${iothubPackage.name}/${iothubPackage.version}`,
  tokenScope: 'https://iothubs.azure.net/.default',
};

export const provisioningSdk = {
  ProvisioningServiceClient: provisioning.ProvisioningServiceClient,
  RestApiClient: provisioningHttpBase.RestApiClient,
  Http: provisioningHttpBase.Http,
  SharedAccessSignature: provisioningCommon.SharedAccessSignature,
  userAgent: `${provisioningPackage.name}/${provisioningPackage.version}`,
  tokenScope: 'https://azure-devices-provisioning.net/.default',
};
