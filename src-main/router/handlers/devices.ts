import type { Services } from '../../services/container.ts';
import type { HandlerGroup } from '../router.ts';

type DeviceChannel =
  | 'devices:hubs' | 'devices:query' | 'devices:savedQueries' | 'devices:saveQuery' | 'devices:deleteQuery'
  | 'devices:get' | 'devices:create' | 'devices:setStatus' | 'devices:regenerateKeys' | 'devices:delete'
  | 'devices:revealKeys' | 'devices:patchTwin'
  | 'devices:invokeMethod' | 'devices:methodHistory' | 'devices:methodTemplates' | 'devices:saveMethodTemplate'
  | 'devices:deleteMethodTemplate' | 'devices:sendMessage'
  | 'devices:bulkTwin' | 'devices:importIdentities' | 'devices:exportIdentities' | 'devices:bulkResults';

export function deviceHandlers(s: Services): HandlerGroup<DeviceChannel> {
  return {
    'devices:hubs': async () => ({ hubs: await s.devices.hubs() }),
    'devices:query': (r) => s.devices.query(r.hubHost, r.query, r.pageSize, r.continuationToken),
    'devices:savedQueries': async () => ({ queries: await s.devices.savedQueries() }),
    'devices:saveQuery': (r) => s.devices.saveQuery(r.name, r.query),
    'devices:deleteQuery': (r) => s.devices.deleteQuery(r.name),
    'devices:get': (r) => s.devices.get(r.hubHost, r.deviceId),
    'devices:create': (r) => s.devices.create(r),
    'devices:setStatus': (r) => s.devices.setStatus(r.hubHost, r.deviceId, r.status),
    'devices:regenerateKeys': (r) => s.devices.regenerateKeys(r.hubHost, r.deviceId, r.which),
    'devices:delete': (r) => s.devices.delete(r.hubHost, r.deviceId),
    'devices:revealKeys': (r) => s.devices.revealKeys(r.hubHost, r.deviceId),
    'devices:patchTwin': (r) => s.devices.patchTwin(r.hubHost, r.deviceId, r.etag, r.patch),
    'devices:invokeMethod': (r) => s.deviceMethods.invoke(r),
    'devices:methodHistory': async (r) => ({ calls: await s.deviceMethods.history(r.hubHost, r.deviceId, r.limit) }),
    'devices:methodTemplates': async () => ({ templates: await s.deviceMethods.templates() }),
    'devices:saveMethodTemplate': (r) => s.deviceMethods.saveTemplate(r),
    'devices:deleteMethodTemplate': (r) => s.deviceMethods.deleteTemplate(r.name),
    'devices:sendMessage': (r) => s.deviceMethods.sendMessage(r),
    'devices:bulkTwin': (r) => s.deviceBulk.startTwinUpdate(r),
    'devices:importIdentities': (r) => s.deviceBulk.startImport(r.hubHost, r.format, r.text),
    'devices:exportIdentities': (r) => s.deviceBulk.export(r.hubHost, r.format, r.query, r.includeKeys),
    'devices:bulkResults': async (r) => ({ rows: await s.deviceBulk.results(r.taskId, r.limit) }),
  };
}
