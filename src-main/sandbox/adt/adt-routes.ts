import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendEmpty, sendJson } from '../server/http-io.ts';
import { AdtError, invalidArgument } from './adt-errors.ts';
import type { AdtStore } from './adt-store.ts';
import type { GroupCommit } from '../store/group-commit.ts';
import { modelData } from './models.ts';
import type { Models } from './models.ts';
import { runQuery } from './query.ts';
import type { Twins } from './twins.ts';

export interface AdtServices {
  store: AdtStore;
  models: Models;
  twins: Twins;
  /** Twin and relationship writes of one event-loop turn share a transaction (one fsync), each checked in order. */
  group: GroupCommit;
}

type Handler = (req: IncomingMessage, res: ServerResponse, segments: string[], url: URL) => Promise<void>;
const QUERY_PAGE_DEFAULT = 100;
const QUERY_PAGE_MAX = 1000;

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req)).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidArgument('The request body is not valid JSON.');
  }
}

const conditions = (req: IncomingMessage) => ({ 'if-match': req.headers['if-match'], 'if-none-match': req.headers['if-none-match'] });
const etagHeader = (etag: string) => ({ ETag: etag });

function pageSize(req: IncomingMessage, fallback: number): number {
  const raw = req.headers['max-items-per-page'];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw invalidArgument('max-items-per-page must be a positive integer.');
  return Math.min(n, QUERY_PAGE_MAX);
}

/** Continuation tokens carry the offset and a hash of the query, so a token from another query is refused. */
const queryHash = (query: string) => createHash('sha256').update(query).digest('base64url').slice(0, 16);
function readToken(token: unknown, query: string): number {
  if (token === undefined || token === null) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { o?: unknown; q?: unknown };
    if (parsed.q === queryHash(query) && Number.isInteger(parsed.o) && (parsed.o as number) >= 0) return parsed.o as number;
  } catch {
    // fall through to the service's answer for a token it did not issue
  }
  throw new AdtError(400, 'BadRequest', 'The continuation token is not valid for this query.');
}

export function adtRoutes({ store, models, twins, group }: AdtServices): Handler {
  const isOfModel = (twin: { $metadata: { $model: string } }, modelId: string, exact: boolean) => {
    if (exact) return twin.$metadata.$model === modelId;
    try {
      return models.flatModel(twin.$metadata.$model).ancestors.has(modelId);
    } catch {
      return twin.$metadata.$model === modelId;
    }
  };

  const modelsRoute: Handler = async (req, res, [, id], url) => {
    const include = url.searchParams.get('includeModelDefinition') === 'true';
    if (id === undefined && req.method === 'POST') {
      const created = models.create(await jsonBody(req));
      return sendJson(res, 201, created.map((model) => modelData(model, true)));
    }
    if (id === undefined && req.method === 'GET') {
      const dependencies = (url.searchParams.get('dependenciesFor') ?? '').split(',').filter(Boolean);
      return sendJson(res, 200, { value: models.list(dependencies).map((model) => modelData(model, include)) });
    }
    if (id !== undefined && req.method === 'GET') return sendJson(res, 200, modelData(models.get(id), include));
    if (id !== undefined && req.method === 'PATCH') return (models.patch(id, await jsonBody(req)), sendEmpty(res, 204));
    if (id !== undefined && req.method === 'DELETE') return (models.delete(id), sendEmpty(res, 204));
    throw new AdtError(405, 'MethodNotAllowed', `${req.method} is not allowed on this path.`);
  };

  const twinsRoute: Handler = async (req, res, [, id, sub, relId]) => {
    if (id === undefined) throw new AdtError(404, 'NotFound', 'Name a digital twin: /digitaltwins/{id}.');
    if (sub === undefined) {
      if (req.method === 'GET') {
        const twin = twins.get(id);
        return sendJson(res, 200, twin, etagHeader(twin.$etag));
      }
      if (req.method === 'PUT') {
        const body = await jsonBody(req);
        const twin = await group.run(() => twins.upsert(id, body, conditions(req)));
        return sendJson(res, 200, twin, etagHeader(twin.$etag));
      }
      if (req.method === 'PATCH') {
        const body = await jsonBody(req);
        return sendEmpty(res, 204, etagHeader((await group.run(() => twins.update(id, body, conditions(req)))).$etag));
      }
      if (req.method === 'DELETE') return (await group.run(() => twins.delete(id, conditions(req))), sendEmpty(res, 204));
    }
    if (sub === 'relationships' && relId === undefined && req.method === 'GET') {
      return sendJson(res, 200, { value: twins.listRelationships(id, new URL(req.url ?? '/', 'https://x').searchParams.get('relationshipName') ?? undefined) });
    }
    if (sub === 'incomingrelationships' && req.method === 'GET') {
      const items = twins.listIncoming(id).map((r) => ({ $relationshipId: r.$relationshipId, $sourceId: r.$sourceId, $relationshipName: r.$relationshipName, $relationshipLink: `/digitaltwins/${encodeURIComponent(r.$sourceId)}/relationships/${encodeURIComponent(r.$relationshipId)}` }));
      return sendJson(res, 200, { value: items });
    }
    if (sub === 'relationships' && relId !== undefined) {
      if (req.method === 'GET') {
        const relationship = twins.getRelationship(id, relId);
        return sendJson(res, 200, relationship, etagHeader(relationship.$etag));
      }
      if (req.method === 'PUT') {
        const body = await jsonBody(req);
        const relationship = await group.run(() => twins.upsertRelationship(id, relId, body, conditions(req)));
        return sendJson(res, 200, relationship, etagHeader(relationship.$etag));
      }
      if (req.method === 'PATCH') {
        const body = await jsonBody(req);
        return sendEmpty(res, 204, etagHeader((await group.run(() => twins.updateRelationship(id, relId, body, conditions(req)))).$etag));
      }
      if (req.method === 'DELETE') return (await group.run(() => twins.deleteRelationship(id, relId, conditions(req))), sendEmpty(res, 204));
    }
    if (sub === 'telemetry' && req.method === 'POST') return (twins.get(id), await jsonBody(req), sendEmpty(res, 204));
    throw new AdtError(404, 'NotFound', `${req.method} ${req.url ?? ''} is not an operation of this sandbox.`);
  };

  const queryRoute: Handler = async (req, res) => {
    if (req.method !== 'POST') throw new AdtError(405, 'MethodNotAllowed', 'POST the query.');
    const body = (await jsonBody(req)) as { query?: unknown; continuationToken?: unknown } | undefined;
    const query = typeof body?.query === 'string' ? body.query : '';
    const offset = readToken(body?.continuationToken, query);
    const size = pageSize(req, QUERY_PAGE_DEFAULT);
    const all = runQuery(query, store, isOfModel);
    const next = offset + size < all.length ? Buffer.from(JSON.stringify({ o: offset + size, q: queryHash(query) })).toString('base64url') : null;
    sendJson(res, 200, { value: all.slice(offset, offset + size), continuationToken: next }, { 'query-charge': '1' });
  };

  const routes: Record<string, Handler> = { models: modelsRoute, digitaltwins: twinsRoute, query: queryRoute };
  return async (req, res, segments, url) => {
    const route = routes[segments[0] ?? ''];
    if (!route) throw new AdtError(404, 'NotFound', `${url.pathname} is not an Azure Digital Twins path.`);
    await route(req, res, segments, url);
  };
}
