import { sendEmpty, sendJson } from '../server/http-io.ts';
import type { ConnectionView } from './device-json.ts';
import { presentDevice, presentTwin } from './device-json.ts';
import type { DeviceRegistry } from './device-registry.ts';
import type { Route } from './service-router.ts';
import { badRequest } from './service-error.ts';

/** The most devices GET /devices returns, as the service caps it. */
const LIST_MAX = 1000;

/** Device identity and twin routes (azure-wire.md §1.3). */
export function registryRoutes(registry: DeviceRegistry, connectionOf: (deviceId: string) => ConnectionView): Route[] {
  const device = (id: string) => {
    const record = registry.require(id);
    return presentDevice(record, connectionOf(id));
  };
  return [
    {
      method: 'GET',
      path: '/devices',
      permissions: ['RegistryRead'],
      quota: 'registry',
      handle: ({ res, url }) => {
        const top = url.searchParams.has('top') ? Number(url.searchParams.get('top')) : LIST_MAX;
        if (!Number.isInteger(top) || top < 1 || top > LIST_MAX) throw badRequest(`top must be an integer from 1 to ${LIST_MAX}.`);
        const records = registry.store.scan(null, top);
        sendJson(res, 200, records.map((r) => presentDevice(r, connectionOf(r.deviceId))));
      },
    },
    {
      method: 'GET',
      path: '/devices/*',
      permissions: ['RegistryRead'],
      quota: 'registry',
      handle: ({ res, params }) => sendJson(res, 200, device(params[0] as string)),
    },
    {
      method: 'PUT',
      path: '/devices/*',
      permissions: ['RegistryWrite'],
      quota: 'registry',
      handle: async ({ res, params, json, header }) => {
        const id = params[0] as string;
        const body = await json();
        const ifMatch = header('if-match');
        // Create has no If-Match (the SDK never sends one); update always does.
        const record = ifMatch === undefined ? registry.create(id, body) : registry.update(id, body, ifMatch);
        sendJson(res, 200, presentDevice(record, connectionOf(id)));
      },
    },
    {
      method: 'DELETE',
      path: '/devices/*',
      permissions: ['RegistryWrite'],
      quota: 'registry',
      handle: ({ res, params, header }) => {
        registry.remove(params[0] as string, header('if-match'));
        sendEmpty(res, 204);
      },
    },
    {
      method: 'GET',
      path: '/twins/*',
      permissions: ['RegistryRead', 'ServiceConnect'],
      quota: 'twinRead',
      handle: ({ res, params }) => {
        const id = params[0] as string;
        sendJson(res, 200, presentTwin(registry.require(id), connectionOf(id)));
      },
    },
    {
      method: 'PATCH',
      path: '/twins/*',
      permissions: ['ServiceConnect'],
      quota: 'twinWrite',
      handle: async ({ res, params, json, header }) => {
        const id = params[0] as string;
        const record = registry.patchTwin(id, await json(), header('if-match'));
        sendJson(res, 200, presentTwin(record, connectionOf(id)));
      },
    },
    {
      method: 'PUT',
      path: '/twins/*',
      permissions: ['ServiceConnect'],
      quota: 'twinWrite',
      handle: async ({ res, params, json, header }) => {
        const id = params[0] as string;
        const record = registry.replaceTwin(id, await json(), header('if-match'));
        sendJson(res, 200, presentTwin(record, connectionOf(id)));
      },
    },
  ];
}
