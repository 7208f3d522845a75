import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from '../server/http-io.ts';
import type { Permission, PolicyKeys } from './access-policies.ts';
import { authorizeService } from './access-policies.ts';
import { HubServiceError, badRequest, sendServiceError } from './service-error.ts';
import { isKnownApiVersion } from '../server/api-version.ts';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Decoded path segments captured by the route pattern. */
  params: string[];
  /** The request body parsed as JSON (400 on malformed JSON). */
  json(): Promise<unknown>;
  header(name: string): string | undefined;
}

export interface Route {
  method: string;
  /** Matched against the path's segments; a `*` segment captures one decoded segment. */
  path: string;
  permissions: Permission[];
  /** Quota bucket charged when throttling is on. */
  quota?: string;
  /** Sandbox-only routes take no api-version. */
  noApiVersion?: boolean;
  handle(ctx: RouteContext): Promise<void> | void;
}

/** First path segments IoT Hub's REST API serves (service and device side). */
const AZURE_PATH_FAMILIES = new Set(['devices', 'twins', 'jobs', 'configurations', 'digitaltwins', 'statistics', 'messages', 'faultinjection', 'certificates', 'edge']);

/** IoT Hub's first GA service API. */
const FIRST_API_VERSION = '2016-02-03';

export interface RouterOptions {
  routes: Route[];
  policies: Map<string, PolicyKeys>;
  hostName: string;
  /** Throws a 429 HubServiceError when a quota is exhausted. */
  charge?: (quota: string) => void;
}

/**
 * The hub's REST front door: parse the URL, check api-version and the service SAS, find the
 * route, and turn every failure into the service's error body. Nothing thrown escapes to crash
 * the process.
 */
export function createServiceHandler(options: RouterOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const compiled = options.routes.map((route) => ({ route, segments: route.path.split('/').filter(Boolean) }));
  return (req, res) => {
    void dispatch(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HubServiceError) sendServiceError(res, error);
      else if (error instanceof BodyTooLargeError) sendServiceError(res, new HubServiceError(413, 'MessageTooLarge', 'The request body is too large.'));
      else sendServiceError(res, new HubServiceError(500, 'ServerError', 'The sandbox failed to handle the request.'));
    });
  };

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    let segments: string[];
    try {
      url = new URL(req.url ?? '/', 'https://sandbox.invalid');
      segments = url.pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
    } catch {
      throw badRequest('The request path is malformed.');
    }
    let pathMatched = false;
    for (const { route, segments: pattern } of compiled) {
      if (pattern.length !== segments.length) continue;
      const params: string[] = [];
      const matches = pattern.every((part, i) => {
        const actual = segments[i] as string;
        if (part === '*') {
          params.push(actual);
          return true;
        }
        return part.toLowerCase() === actual.toLowerCase();
      });
      if (!matches) continue;
      pathMatched = true;
      if (route.method !== req.method) continue;
      if (!route.noApiVersion) {
        const version = url.searchParams.get('api-version');
        if (version === null) throw badRequest('The api-version query parameter is required.', 'InvalidProtocolVersion');
        if (!isKnownApiVersion(version, FIRST_API_VERSION)) throw badRequest(`Unsupported api-version '${version.slice(0, 40)}'.`, 'InvalidProtocolVersion');
      }
      authorizeService(options.policies, options.hostName, req.headers.authorization, route.permissions);
      if (route.quota) options.charge?.(route.quota);
      let bodyPromise: Promise<unknown> | undefined;
      const ctx: RouteContext = {
        req,
        res,
        url,
        params,
        header: (name) => {
          const value = req.headers[name.toLowerCase()];
          return Array.isArray(value) ? value[0] : value;
        },
        json: () => {
          bodyPromise ??= readBody(req).then((buffer) => {
            if (buffer.length === 0) return undefined;
            try {
              return JSON.parse(buffer.toString('utf8')) as unknown;
            } catch {
              throw badRequest('The request body is not valid JSON.');
            }
          });
          return bodyPromise;
        },
      };
      await route.handle(ctx);
      return;
    }
    if (pathMatched) throw new HubServiceError(405, 'MethodNotAllowed', `${req.method ?? ''} is not supported on this path.`);
    // A path of IoT Hub's own families that the sandbox lacks (device HTTP transport, modules,
    // configurations…) must not read as 404: the device SDK's HTTP layer turns every 404 into
    // DeviceNotFoundError, which would be a lie about a device that exists.
    if (AZURE_PATH_FAMILIES.has(segments[0]?.toLowerCase() ?? '')) {
      throw new HubServiceError(501, 'NotImplemented', `The sandbox hub does not implement ${req.method ?? ''} ${url.pathname.slice(0, 200)} (see the sandbox README's deviations).`);
    }
    throw new HubServiceError(404, 'NotFound', 'The sandbox hub does not implement this path.');
  }
}
