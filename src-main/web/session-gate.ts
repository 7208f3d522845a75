import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A session ends after this long without a request (HTTP or WebSocket frame). */
export const DEFAULT_SESSION_IDLE_MS = 2 * 60 * 60 * 1000;

export interface SessionGateOptions {
  idleMs?: number;
  now?: () => number;
}

interface Session {
  /** Handed to the tab once, in the redirect's fragment: never in a cookie, which every 127.0.0.1 port receives. */
  tabSecret: string;
  lastUsed: number;
}

/** What redeeming the launch token gives: the cookie's session id and the tab's own secret. */
export interface Redeemed {
  session: string;
  tabSecret: string;
}

/**
 * Who may use the web shell: the holder of the one-time launch token, who trades it once for a
 * session cookie and a per-tab secret. Browsers send cookies to every port of 127.0.0.1, so any
 * local web server the operator visits sees the cookie; the socket therefore also needs the tab
 * secret in its first frame, which only the page that redeemed the token holds. Sessions end
 * after `idleMs` without use. Tokens, session ids and tab secrets never leave this module except
 * in the printed URL, the Set-Cookie header and the redirect's fragment.
 */
export class SessionGate {
  private launchToken: string | null;
  private readonly sessions = new Map<string, Session>();
  private readonly idleMs: number;
  private readonly now: () => number;
  /** Cookie names are per port because browsers share cookies across ports of one host. */
  readonly cookieName: string;

  constructor(port: number, options: SessionGateOptions = {}) {
    this.cookieName = `pb_session_${port}`;
    this.launchToken = randomSecret();
    this.idleMs = options.idleMs ?? DEFAULT_SESSION_IDLE_MS;
    this.now = options.now ?? Date.now;
  }

  /** The token to put in the printed URL; null once it has been redeemed. */
  get token(): string | null {
    return this.launchToken;
  }

  /** Trades the launch token for a new session and its tab secret; a wrong or already used token yields null. */
  redeem(candidate: string): Redeemed | null {
    if (this.launchToken === null || !sameSecret(candidate, this.launchToken)) return null;
    this.launchToken = null;
    const session = randomSecret();
    const tabSecret = randomSecret();
    this.sessions.set(session, { tabSecret, lastUsed: this.now() });
    return { session, tabSecret };
  }

  /** The live session the request's Cookie header names, or null; finding it counts as use. */
  sessionOf(cookieHeader: string | undefined): string | null {
    const candidate = readCookie(cookieHeader, this.cookieName);
    if (candidate === undefined) return null;
    this.sweep();
    for (const [id, session] of this.sessions) {
      if (sameSecret(candidate, id)) {
        session.lastUsed = this.now();
        return id;
      }
    }
    return null;
  }

  /** Whether the request's Cookie header carries a live session of this server. */
  admits(cookieHeader: string | undefined): boolean {
    return this.sessionOf(cookieHeader) !== null;
  }

  /** Whether `candidate` is the tab secret of a live `session`. */
  tabSecretMatches(session: string, candidate: unknown): boolean {
    const known = this.sessions.get(session);
    return known !== undefined && typeof candidate === 'string' && sameSecret(candidate, known.tabSecret);
  }

  /** Marks a session used (a request frame on its socket); false when it has ended. */
  touch(session: string): boolean {
    this.sweep();
    const known = this.sessions.get(session);
    if (known) known.lastUsed = this.now();
    return known !== undefined;
  }

  /** Whether the session is still live. */
  isLive(session: string): boolean {
    this.sweep();
    return this.sessions.has(session);
  }

  /** Ends every session idle for longer than the limit; returns the ended ids. */
  sweep(): string[] {
    const ended: string[] = [];
    const cutoff = this.now() - this.idleMs;
    for (const [id, session] of this.sessions) {
      if (session.lastUsed < cutoff) {
        this.sessions.delete(id);
        ended.push(id);
      }
    }
    return ended;
  }

  /** How often to sweep so an idle session ends within a tenth of the limit of its time. */
  get sweepEveryMs(): number {
    return Math.max(50, Math.min(60_000, Math.floor(this.idleMs / 10)));
  }

  sessionCookie(session: string): string {
    return `${this.cookieName}=${session}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison, so response timing does not leak how much of a guess was right. */
function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
