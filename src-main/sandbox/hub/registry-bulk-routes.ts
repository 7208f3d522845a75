import { sendJson } from '../server/http-io.ts';
import type { DeviceRegistry } from './device-registry.ts';
import type { Route } from './service-router.ts';
import { HubServiceError, badRequest } from './service-error.ts';
import { isJsonObject } from './twin-document.ts';

/** The service accepts at most 100 devices per bulk registry call. */
const BULK_MAX = 100;

type BulkError = { deviceId: string; errorCode: string; errorStatus: string };

/**
 * POST /devices (Registry.addDevices/updateDevices/removeDevices), GET /statistics/devices, and the
 * answers for module identities, which the sandbox does not have.
 * Each item succeeds or fails on its own, as the service's bulk registry operation does.
 */
export function registryBulkRoutes(registry: DeviceRegistry): Route[] {
  return [
    {
      method: 'POST',
      path: '/devices',
      permissions: ['RegistryWrite'],
      quota: 'registry',
      handle: async ({ res, json }) => {
        const body = await json();
        if (!Array.isArray(body) || body.length === 0 || body.length > BULK_MAX) throw badRequest(`The body must be an array of 1 to ${BULK_MAX} devices.`);
        const errors: BulkError[] = [];
        for (const item of body) {
          const deviceId = isJsonObject(item) && typeof item.id === 'string' ? item.id : '';
          try {
            if (!isJsonObject(item) || !deviceId) throw badRequest('Each device needs an id.');
            const { id: _id, importMode, eTag, ...device } = item;
            const etag = typeof eTag === 'string' ? eTag : undefined;
            // The SDK sends 'create' but 'Update', 'UpdateIfMatchETag', 'Delete', …: the service ignores case.
            switch (typeof importMode === 'string' ? importMode.toLowerCase() : importMode) {
              case 'create':
                registry.create(deviceId, { ...device, deviceId });
                break;
              case 'update':
                registry.update(deviceId, { ...device, deviceId }, '*');
                break;
              case 'updateifmatchetag':
                registry.update(deviceId, { ...device, deviceId }, etag ?? '');
                break;
              case 'delete':
                registry.remove(deviceId, '*');
                break;
              case 'deleteifmatchetag':
                registry.remove(deviceId, etag ?? '');
                break;
              default:
                throw badRequest(`Unknown importMode '${String(importMode)}'.`);
            }
          } catch (error) {
            if (!(error instanceof HubServiceError)) throw error;
            errors.push({ deviceId, errorCode: error.code, errorStatus: error.message });
          }
        }
        sendJson(res, 200, { isSuccessful: errors.length === 0, errors, warnings: [] });
      },
    },
    {
      method: 'GET',
      path: '/devices/*/modules',
      permissions: ['RegistryRead'],
      quota: 'registry',
      // The sandbox has no module identities; listing a device's modules is an honest empty list.
      handle: ({ res, params }) => {
        registry.require(params[0] as string);
        sendJson(res, 200, []);
      },
    },
    {
      method: 'PUT',
      path: '/devices/*/modules/*',
      permissions: ['RegistryWrite'],
      handle: () => {
        throw badRequest('Module identities are not supported by the sandbox.', 'NotSupported');
      },
    },
    {
      method: 'GET',
      path: '/statistics/devices',
      permissions: ['RegistryRead'],
      quota: 'registry',
      handle: ({ res }) => {
        const counts = registry.store.statusCounts();
        sendJson(res, 200, { totalDeviceCount: counts.enabled + counts.disabled, enabledDeviceCount: counts.enabled, disabledDeviceCount: counts.disabled });
      },
    },
  ];
}
