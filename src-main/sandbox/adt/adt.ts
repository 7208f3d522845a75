import http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { isKnownApiVersion } from '../server/api-version.ts';
import { BodyTooLargeError } from '../server/http-io.ts';
import type { SandboxDatabase } from '../store/database.ts';
import { AdtError, sendAdtError } from './adt-errors.ts';
import { AdtStore } from './adt-store.ts';
import type { Twin } from './adt-store.ts';
import { adtRoutes } from './adt-routes.ts';
import { GroupCommit } from '../store/group-commit.ts';
import { Models } from './models.ts';
import { Twins } from './twins.ts';

export interface AdtOptions {
  db: SandboxDatabase;
  /** The bearer token the sandbox issued (sandbox.json); every request must carry exactly it. */
  accessToken: string;
}

export interface TwinChange {
  type: 'twinChanged' | 'twinDeleted';
  twin: Twin;
}

export interface Adt {
  http: http.Server;
  handleMqtt(socket: TLSSocket): void;
  store: AdtStore;
  /** Called after each twin write commits (the console's live view reads twins; tests may listen). */
  onTwinChange(listener: (change: TwinChange) => void): () => void;
  close(): Promise<void>;
}

const FIRST_API_VERSION = '2020-05-31';

function authorized(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/** Splits on '/' before decoding, so an id holding an encoded '/' stays one segment (adt-wire.md §3). */
function segmentsOf(pathname: string): string[] {
  return pathname
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new AdtError(400, 'InvalidArgument', `The path segment ${segment} is not valid percent-encoding.`);
      }
    });
}

/** The Azure Digital Twins data plane (REST, api-version 2022-05-31) on its own TLS port of the sandbox. */
export function createAdt(options: AdtOptions): Adt {
  const store = new AdtStore(options.db);
  const listeners = new Set<(change: TwinChange) => void>();
  const models = new Models(store);
  const twins = new Twins(store, models, (change) => listeners.forEach((listener) => listener(change)));
  const commits = new GroupCommit(options.db);
  // A write that fails other than by the service's own refusal (a failed COMMIT: disk full, I/O) may
  // have left the in-memory mirror ahead of the disk: read it back.
  const group = {
    run: <T,>(work: () => T) =>
      commits.run(work).catch((error: unknown) => {
        if (!(error instanceof AdtError)) store.load();
        throw error;
      }),
  } as GroupCommit;
  const route = adtRoutes({ store, models, twins, group });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'https://adt.invalid');
    const handle = async () => {
      if (!authorized(req.headers.authorization, options.accessToken)) throw new AdtError(401, 'Unauthorized', 'The bearer token is missing or is not the one this sandbox issued.');
      const version = url.searchParams.get('api-version');
      if (!version) throw new AdtError(400, 'MissingArgument', 'The api-version query parameter is required.');
      if (!isKnownApiVersion(version, FIRST_API_VERSION)) throw new AdtError(400, 'InvalidArgument', `api-version ${version} is not supported.`);
      await route(req, res, segmentsOf(url.pathname), url);
    };
    handle().catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof AdtError) return sendAdtError(res, error);
      if (error instanceof BodyTooLargeError) return sendAdtError(res, new AdtError(413, 'PayloadTooLarge', error.message));
      process.stderr.write(`adt: ${(error as Error)?.stack ?? String(error)}\n`);
      sendAdtError(res, new AdtError(500, 'InternalServerError', 'The sandbox failed to handle the request.'));
    });
  });
  return {
    http: server,
    handleMqtt: (socket) => socket.destroy(),
    store,
    onTwinChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      listeners.clear();
      server.closeAllConnections();
    },
  };
}
