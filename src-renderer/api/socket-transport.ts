import type { ErrorCode, Result } from '../../src-shared/contract/result.ts';
import { MAX_FRAME_BYTES, type AuthFrame, type RequestFrame, type ServerFrame } from '../../src-shared/contract/wire.ts';
import type { ConnectionStatus, EventListener, Transport } from './transport.ts';
import { backoffDelay } from './backoff.ts';

export interface SocketTransportOptions {
  url: string;
  /**
   * A page of the same server, fetched after a connection attempt fails before opening: 401/403
   * there means the server is up but this window's session is gone, so retrying is pointless.
   * (A browser WebSocket does not reveal why an upgrade was refused.)
   */
  sessionProbeUrl?: string;
  /** The tab secret from sign-in (tab-secret.ts): the first frame of every connection carries it. */
  tabSecret?: string | null;
  /** A request with no reply by then fails with 'timeout' so no page spins forever. */
  requestTimeoutMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

interface Pending {
  resolve(result: Result<unknown>): void;
  timer: ReturnType<typeof setTimeout>;
}

function failure(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

function parseFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  try {
    const frame = JSON.parse(data) as Partial<ServerFrame> | null;
    return frame && typeof frame === 'object' && typeof frame.t === 'string' ? (frame as ServerFrame) : null;
  } catch {
    return null;
  }
}

/**
 * The web shell's WebSocket: the session cookie admits the upgrade, and the first frame carries
 * the tab secret (the cookie reaches every 127.0.0.1 port; the secret only this tab). A fatal
 * frame means the server refuses this tab; it closes the socket and there is no retrying. It reconnects with backoff,
 * fails in-flight requests with 'unavailable' when the socket closes (the main process may or may
 * not have run them; callers decide whether to retry), and queues requests only while connecting.
 */
export function createSocketTransport(options: SocketTransportOptions): Transport {
  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  const initialBackoffMs = options.initialBackoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  const pending = new Map<number, Pending>();
  const queued: RequestFrame[] = [];
  const eventListeners = new Set<EventListener>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let status: ConnectionStatus = { state: 'connecting' };
  let socket: WebSocket | null = null;
  let nextId = 1;
  let failedAttempts = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function setStatus(next: ConnectionStatus): void {
    status = next;
    for (const listener of statusListeners) listener(next);
  }

  function settle(id: number, result: Result<unknown>): void {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(result);
  }

  function failAll(message: string): void {
    queued.length = 0;
    for (const id of [...pending.keys()]) settle(id, failure('unavailable', message));
  }

  function onFrame(frame: ServerFrame): void {
    if (frame.t === 'res') settle(frame.id, frame.result);
    else if (frame.t === 'evt') {
      for (const listener of eventListeners) {
        try {
          listener(frame.event, frame.payload);
        } catch (error) {
          console.error(`listener for ${frame.event} failed`, error);
        }
      }
    } else if (frame.t === 'fatal') setStatus({ state: 'refused', refusal: 'server', reason: frame.error.message });
  }

  function scheduleReconnect(reason: string): void {
    const delay = backoffDelay(failedAttempts, initialBackoffMs, maxBackoffMs, Math.random());
    failedAttempts += 1;
    setStatus({ state: 'disconnected', reason, retryAt: Date.now() + delay });
    retryTimer = setTimeout(connect, delay);
  }

  async function probeSessionThenRetry(reason: string): Promise<void> {
    setStatus({ state: 'disconnected', reason });
    try {
      const response = await fetch(options.sessionProbeUrl!, { method: 'HEAD', cache: 'no-store', credentials: 'same-origin' });
      if (response.status === 401 || response.status === 403) {
        setStatus({ state: 'refused', refusal: 'session', reason: `HTTP ${response.status}` });
        return;
      }
    } catch {
      // The server itself is unreachable: it may come back, so keep trying.
    }
    scheduleReconnect(reason);
  }

  function connect(): void {
    clearTimeout(retryTimer);
    setStatus({ state: 'connecting' });
    const ws = new WebSocket(options.url);
    let opened = false;
    socket = ws;
    ws.onopen = () => {
      opened = true;
      failedAttempts = 0;
      ws.send(JSON.stringify({ t: 'auth', secret: options.tabSecret ?? '' } satisfies AuthFrame));
      setStatus({ state: 'connected' });
      for (const frame of queued.splice(0)) ws.send(JSON.stringify(frame));
    };
    ws.onmessage = (event: MessageEvent) => {
      const frame = parseFrame(event.data);
      if (frame) onFrame(frame);
    };
    ws.onclose = (event: CloseEvent) => {
      if (socket !== ws) return;
      socket = null;
      const reason = event.reason || `connection closed (code ${event.code})`;
      failAll(`The main process is not reachable: ${reason}`);
      if (status.state === 'refused') return;
      if (!opened && options.sessionProbeUrl) void probeSessionThenRetry(reason);
      else scheduleReconnect(reason);
    };
  }

  connect();

  return {
    invoke(channel, payload) {
      if (status.state === 'refused' || status.state === 'disconnected') {
        return Promise.resolve(failure('unavailable', `The main process is not reachable: ${status.reason ?? status.state}`));
      }
      const id = nextId++;
      const frame: RequestFrame = { t: 'req', id, channel, payload };
      // The server would drop a frame this large; say so for this request instead of losing the socket.
      const size = new TextEncoder().encode(JSON.stringify(frame)).length;
      if (size > MAX_FRAME_BYTES) {
        return Promise.resolve(failure('validation', `The request is ${size} bytes; the web console takes requests of at most ${MAX_FRAME_BYTES} bytes (1 MiB).`));
      }
      return new Promise<Result<unknown>>((resolve) => {
        const timer = setTimeout(() => {
          const at = queued.indexOf(frame);
          if (at >= 0) queued.splice(at, 1);
          settle(id, failure('timeout', `${channel} got no reply within ${Math.round(requestTimeoutMs / 1000)} s`));
        }, requestTimeoutMs);
        pending.set(id, { resolve, timer });
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
        else queued.push(frame);
      });
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    reconnect() {
      if (status.state === 'connected' || status.state === 'connecting') return;
      failedAttempts = 0;
      connect();
    },
  };
}
