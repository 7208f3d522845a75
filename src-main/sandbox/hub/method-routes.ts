import { sendJson } from '../server/http-io.ts';
import type { DeviceRegistry } from './device-registry.ts';
import type { DeviceSessions } from './device-sessions.ts';
import type { Route } from './service-router.ts';
import { HubServiceError, badRequest } from './service-error.ts';
import { isJsonObject } from './twin-document.ts';

export interface MethodCall {
  methodName: string;
  payload: unknown;
  responseTimeoutInSeconds: number;
  connectTimeoutInSeconds: number;
}

/** The service's bounds: response 5–300 s (default 30), connect 0–300 s (default 0). */
export function parseMethodCall(body: unknown): MethodCall {
  if (!isJsonObject(body)) throw badRequest('The method request must be a JSON object.');
  const { methodName } = body;
  if (typeof methodName !== 'string' || methodName.length === 0 || methodName.length > 100 || /[/?#+\s]/.test(methodName)) {
    throw badRequest('methodName must be 1 to 100 characters without spaces, /, ?, + or #.');
  }
  const seconds = (value: unknown, fallback: number, min: number, name: string) => {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 300) throw badRequest(`${name} must be an integer from ${min} to 300.`);
    return value;
  };
  return {
    methodName,
    payload: body.payload ?? null,
    responseTimeoutInSeconds: seconds(body.responseTimeoutInSeconds, 30, 5, 'responseTimeoutInSeconds'),
    connectTimeoutInSeconds: seconds(body.connectTimeoutInSeconds, 0, 0, 'connectTimeoutInSeconds'),
  };
}

/** Invokes a direct method, waiting for the device to come online for up to connectTimeout. */
export async function invokeMethod(registry: DeviceRegistry, sessions: DeviceSessions, deviceId: string, call: MethodCall) {
  registry.require(deviceId);
  const online = await sessions.waitFor(deviceId, 'methods', call.connectTimeoutInSeconds * 1000);
  if (!online) throw new HubServiceError(404, 'DeviceNotOnline', `Device ${deviceId} is not online or has not subscribed to direct methods.`);
  return sessions.invokeMethod(deviceId, call.methodName, call.payload, call.responseTimeoutInSeconds * 1000);
}

export function methodRoutes(registry: DeviceRegistry, sessions: DeviceSessions): Route[] {
  return [
    {
      method: 'POST',
      path: '/twins/*/methods',
      permissions: ['ServiceConnect'],
      quota: 'methods',
      handle: async ({ res, params, json }) => {
        const result = await invokeMethod(registry, sessions, params[0] as string, parseMethodCall(await json()));
        sendJson(res, 200, result);
      },
    },
  ];
}
