import { sendJson } from '../../server/http-io.ts';
import type { ConnectionView } from '../device-json.ts';
import type { DeviceStore } from '../device-store.ts';
import type { Route } from '../service-router.ts';
import { badRequest } from '../service-error.ts';
import { isJsonObject } from '../twin-document.ts';
import type { PrefilterContext } from './query-prefilter.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, compileQuery, executeQuery } from './query-executor.ts';

/** Reads x-ms-max-item-count as the service does: 1…1000, default 100. */
export function pageSizeOf(header: string | undefined): number {
  if (header === undefined || header === '') return DEFAULT_PAGE_SIZE;
  const size = Number(header);
  if (!Number.isInteger(size) || size < 1) throw badRequest('x-ms-max-item-count must be a positive integer.');
  return Math.min(size, MAX_PAGE_SIZE);
}

/** POST /devices/query: the response header x-ms-continuation is absent on the last page. */
export function queryRoutes(store: DeviceStore, connectionOf: (deviceId: string) => ConnectionView, context?: PrefilterContext): Route[] {
  return [
    {
      method: 'POST',
      path: '/devices/query',
      permissions: ['RegistryRead', 'ServiceConnect'],
      quota: 'query',
      handle: async ({ res, json, header }) => {
        const body = await json();
        const query = compileQuery(isJsonObject(body) ? body.query : undefined);
        const page = executeQuery(store, connectionOf, query, pageSizeOf(header('x-ms-max-item-count')), header('x-ms-continuation'), context);
        const headers: Record<string, string> = { 'x-ms-item-type': query.select === '*' ? 'Twin' : 'JSON' };
        if (page.continuation) headers['x-ms-continuation'] = page.continuation;
        sendJson(res, 200, page.items, headers);
      },
    },
  ];
}
