import { sendJson } from '../../server/http-io.ts';
import type { ConnectionView } from '../device-json.ts';
import type { DeviceStore } from '../device-store.ts';
import type { Route } from '../service-router.ts';
import { badRequest } from '../service-error.ts';
import { isJsonObject } from '../twin-document.ts';
import type { PrefilterContext } from './query-prefilter.ts';
import type { DeviceJobSource } from './device-jobs-executor.ts';
import { executeDeviceJobsQuery } from './device-jobs-executor.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, compileQuery, executeQuery } from './query-executor.ts';

/** Reads x-ms-max-item-count as the service does: 1…1000, default 100. */
export function pageSizeOf(header: string | undefined): number {
  if (header === undefined || header === '') return DEFAULT_PAGE_SIZE;
  const size = Number(header);
  if (!Number.isInteger(size) || size < 1) throw badRequest('x-ms-max-item-count must be a positive integer.');
  return Math.min(size, MAX_PAGE_SIZE);
}

/** POST /devices/query over twins or devices.jobs: the response header x-ms-continuation is absent on the last page. */
export function queryRoutes(store: DeviceStore, connectionOf: (deviceId: string) => ConnectionView, context?: PrefilterContext, deviceJobs?: DeviceJobSource): Route[] {
  return [
    {
      method: 'POST',
      path: '/devices/query',
      permissions: ['RegistryRead', 'ServiceConnect'],
      quota: 'query',
      handle: async ({ res, json, header }) => {
        const body = await json();
        const query = compileQuery(isJsonObject(body) ? body.query : undefined);
        const pageSize = pageSizeOf(header('x-ms-max-item-count'));
        if (query.from === 'devices.jobs' && !deviceJobs) throw badRequest('FROM devices.jobs is not served by this hub.');
        const page =
          query.from === 'devices.jobs'
            ? executeDeviceJobsQuery(deviceJobs as DeviceJobSource, query, pageSize, header('x-ms-continuation'))
            : executeQuery(store, connectionOf, query, pageSize, header('x-ms-continuation'), context);
        const itemType = query.from === 'devices.jobs' ? 'DeviceJob' : query.select === '*' ? 'Twin' : 'JSON';
        const headers: Record<string, string> = { 'x-ms-item-type': itemType };
        if (page.continuation) headers['x-ms-continuation'] = page.continuation;
        sendJson(res, 200, page.items, headers);
      },
    },
  ];
}
