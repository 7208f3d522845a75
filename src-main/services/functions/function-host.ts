import http from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DigitalTwinsClient } from '@azure/digital-twins-core';
import { createDigitalTwinsClient, staticTokenCredential } from '../azure/digital-twins-client.ts';
import type { CallRecord, HostConfig, HostEvent, HostRecord } from './function-protocol.ts';

type Allocate = (request: unknown, context: { twins: DigitalTwinsClient }) => Promise<{ status: number; body: unknown }>;
type Telemetry = (message: unknown, context: { twins: DigitalTwinsClient }) => Promise<{ updated: boolean; dtId?: string; reason?: string }>;
type Lifecycle = (event: unknown, context: { twins: DigitalTwinsClient }) => Promise<{ deleted: boolean; dtId?: string; reason?: string }>;

export interface FunctionHost {
  allocationUrl: string;
  customAllocationUrl?: string;
  /** Why the operator's module is not served (it did not load, or exports no `allocate`); the seed's still is. */
  customAllocationError?: string;
  handle(event: HostEvent): void;
  /** Resolves when every accepted event has been handled. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

async function load<T>(file: string, name: string): Promise<T> {
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  // A CommonJS module (`module.exports = …`) may surface its exports only on `default`.
  const found = module[name] ?? (module.default as Record<string, unknown> | undefined)?.[name];
  if (typeof found !== 'function') throw new Error(`${file} does not export a function named ${name}`);
  return found as T;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what = 'the function did not answer'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const reasonOf = (error: unknown) => String((error as { message?: unknown })?.message ?? error).slice(0, 500);

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 256 * 1024) req.destroy(new Error('request over 256 KiB'));
      else chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new Error('the request body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

/**
 * Runs the seed's three functions (and the operator's allocation module) for a sandbox profile:
 * allocation as an HTTP webhook on loopback, telemetry and lifecycle fed as events. Every call is
 * reported through `emit`; a function that throws or hangs costs its call, not the host.
 */
export async function startFunctionHost(config: HostConfig, emit: (record: HostRecord) => void): Promise<FunctionHost> {
  const ca = config.caCertificatePath ? readFileSync(config.caCertificatePath, 'utf8') : undefined;
  const twins = createDigitalTwinsClient(config.digitalTwinsUrl, staticTokenCredential(config.accessToken, Date.now() + 365 * 86_400_000), ca);
  const allocate = await load<Allocate>(join(config.libDir, 'allocation.js'), 'allocate');
  const telemetry = await load<Telemetry>(join(config.libDir, 'telemetry.js'), 'telemetryToTwin');
  const lifecycle = await load<Lifecycle>(join(config.libDir, 'lifecycle.js'), 'deleteTwinOfDevice');
  // The operator's module may fail to load or hang at its top level: the seed's webhook is served regardless.
  let custom: Allocate | undefined;
  let customAllocationError: string | undefined;
  if (config.customAllocationModule) {
    try {
      custom = await withTimeout(load<Allocate>(config.customAllocationModule, 'allocate'), config.callTimeoutMs, `${config.customAllocationModule} did not finish loading`);
    } catch (error) {
      customAllocationError = reasonOf(error);
    }
  }
  const stats = { type: 'stats' as const, telemetryUpdated: 0, telemetrySkipped: 0, telemetryFailed: 0 };
  let statsDirty = false;
  const statsTimer = setInterval(() => {
    if (statsDirty) emit({ ...stats });
    statsDirty = false;
  }, 500);

  const server = http.createServer((req, res) => {
    const which = req.url === '/allocate/seed' ? 'seed' : req.url === '/allocate/custom' && custom ? 'custom' : undefined;
    if (req.method !== 'POST' || !which) return void res.writeHead(404).end();
    const started = performance.now();
    const record = (fields: Partial<CallRecord>) => emit({ type: 'call', fn: 'allocation', module: which, at: Date.now(), ms: Math.round((performance.now() - started) * 10) / 10, ok: false, ...fields });
    void (async () => {
      let deviceId: string | undefined;
      try {
        const request = await readJson(req);
        deviceId = (request as { deviceRuntimeContext?: { registrationId?: string } })?.deviceRuntimeContext?.registrationId;
        const answer = await withTimeout((which === 'seed' ? allocate : (custom as Allocate))(request, { twins }), config.callTimeoutMs);
        const body = JSON.stringify(answer.body ?? {});
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(body);
        const dtId = (answer.body as { initialTwin?: { tags?: { dtId?: string } } })?.initialTwin?.tags?.dtId;
        const reason = answer.status >= 300 ? String((answer.body as { message?: unknown })?.message ?? '') : undefined;
        record({ ok: answer.status < 300, status: answer.status, ...(deviceId ? { deviceId } : {}), ...(dtId ? { dtId } : {}), ...(reason ? { reason } : {}), ...(answer.status < 300 ? { answer: answer.body } : {}) });
      } catch (error) {
        const timedOut = reasonOf(error).includes('did not answer');
        if (!res.headersSent) res.writeHead(timedOut ? 504 : 500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: reasonOf(error) }));
        record({ status: timedOut ? 504 : 500, reason: reasonOf(error), ...(deviceId ? { deviceId } : {}) });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(config.port, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  // Events: at most `concurrency` running, and each device's in arrival order.
  const chains = new Map<string, Promise<void>>();
  let running = 0;
  const waiting: (() => void)[] = [];
  const pending = new Set<Promise<void>>();
  const slot = async () => {
    if (running >= config.concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  const run = async (event: HostEvent) => {
    await slot();
    const started = performance.now();
    try {
      if (event.type === 'telemetry') {
        const result = await withTimeout(telemetry(event, { twins }), config.callTimeoutMs);
        if (result.updated) stats.telemetryUpdated++;
        else stats.telemetrySkipped++;
      } else {
        const result = await withTimeout(lifecycle(event, { twins }), config.callTimeoutMs);
        emit({ type: 'call', fn: 'lifecycle', at: Date.now(), ms: Math.round(performance.now() - started), ok: true, deviceId: event.deviceId, ...(result.dtId ? { dtId: result.dtId } : {}), reason: result.deleted ? 'deleted' : (result.reason ?? '') });
      }
    } catch (error) {
      if (event.type === 'telemetry') {
        stats.telemetryFailed++;
        emit({ type: 'call', fn: 'telemetry', at: Date.now(), ms: Math.round(performance.now() - started), ok: false, deviceId: event.deviceId, reason: reasonOf(error) });
      } else emit({ type: 'call', fn: 'lifecycle', at: Date.now(), ms: Math.round(performance.now() - started), ok: false, deviceId: event.deviceId, reason: reasonOf(error) });
    } finally {
      statsDirty = true;
      release();
    }
  };
  return {
    allocationUrl: `http://127.0.0.1:${port}/allocate/seed`,
    ...(custom ? { customAllocationUrl: `http://127.0.0.1:${port}/allocate/custom` } : {}),
    ...(customAllocationError ? { customAllocationError } : {}),
    handle(event) {
      const previous = chains.get(event.deviceId) ?? Promise.resolve();
      const next = previous.then(() => run(event));
      chains.set(event.deviceId, next);
      pending.add(next);
      void next.finally(() => {
        pending.delete(next);
        if (chains.get(event.deviceId) === next) chains.delete(event.deviceId);
      });
    },
    idle: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
      if (statsDirty) emit({ ...stats });
      statsDirty = false;
    },
    close: async () => {
      clearInterval(statsTimer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
