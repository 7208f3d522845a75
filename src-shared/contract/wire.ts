import type { ErrorShape, Result } from './result.ts';

/**
 * Frames of the web shell's WebSocket (the Electron shell uses IPC with the same payloads).
 * A request carries an id the reply echoes; events carry no id.
 */
/**
 * The web shell's first client frame: the tab secret handed out once, in the fragment of the
 * redirect that traded the launch token (`#pb-tab=…`). The session cookie alone is not enough,
 * since browsers send it to every port of 127.0.0.1.
 */
export interface AuthFrame {
  t: 'auth';
  secret: string;
}
export interface RequestFrame {
  t: 'req';
  id: number;
  channel: string;
  payload: unknown;
}
export interface ReplyFrame {
  t: 'res';
  id: number;
  result: Result<unknown>;
}
export interface EventFrame {
  t: 'evt';
  event: string;
  payload: unknown;
}
export interface FatalFrame {
  t: 'fatal';
  error: ErrorShape;
}
export type ServerFrame = ReplyFrame | EventFrame | FatalFrame;

/** Name of the single IPC channel requests travel on in the Electron shell. */
export const IPC_INVOKE = 'bench:invoke';
/** Name of the single IPC channel events travel on in the Electron shell. */
export const IPC_EVENT = 'bench:event';

/**
 * What the Electron preload exposes as `window.benchBridge` through contextBridge: the contract's
 * invoke and subscribe, nothing else. The web shell's client offers the same shape over WebSocket.
 */
export interface BenchBridge {
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

/** Path of the web shell's WebSocket endpoint. */
export const WEB_SOCKET_PATH = '/ws';

/** The fragment key that carries the tab secret in the redirect after the launch token is traded. */
export const TAB_SECRET_FRAGMENT = 'pb-tab';

/** The largest client frame the web shell reads; the renderer refuses to send a bigger request. */
export const MAX_FRAME_BYTES = 1024 * 1024;
