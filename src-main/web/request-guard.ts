import type { IncomingMessage } from 'node:http';
import { WEB_SOCKET_PATH } from '../../src-shared/contract/wire.ts';
import type { SessionGate } from './session-gate.ts';

/** Why an upgrade was refused; null when it may proceed. Reasons go to the log, never to the peer. */
export type UpgradeRefusal = 'path' | 'host' | 'origin' | 'session' | null;

/**
 * Rejects requests whose Host is not our loopback address: a page on another name that resolves
 * to 127.0.0.1 (DNS rebinding) would otherwise count as same-origin.
 */
export function hostIsOurs(request: IncomingMessage, port: number): boolean {
  return request.headers.host === `127.0.0.1:${port}`;
}

/** The session the upgrade belongs to, or why it was refused. The tab secret is checked on the socket's first frame. */
export function checkUpgrade(request: IncomingMessage, port: number, gate: SessionGate): { session: string } | { refusal: Exclude<UpgradeRefusal, null> } {
  const path = (request.url ?? '').split('?')[0];
  if (path !== WEB_SOCKET_PATH) return { refusal: 'path' };
  if (!hostIsOurs(request, port)) return { refusal: 'host' };
  if (request.headers.origin !== `http://127.0.0.1:${port}`) return { refusal: 'origin' };
  const session = gate.sessionOf(request.headers.cookie);
  if (session === null) return { refusal: 'session' };
  return { session };
}
