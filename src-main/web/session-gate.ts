import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who may use the web shell: the holder of the one-time launch token, who trades it once for a
 * session cookie. Tokens and session ids never leave this module except in the printed URL and
 * the Set-Cookie header.
 */
export class SessionGate {
  private launchToken: string | null;
  private readonly sessions = new Set<string>();
  /** Cookie names are per port because browsers share cookies across ports of one host. */
  readonly cookieName: string;

  constructor(port: number) {
    this.cookieName = `pb_session_${port}`;
    this.launchToken = randomSecret();
  }

  /** The token to put in the printed URL; null once it has been redeemed. */
  get token(): string | null {
    return this.launchToken;
  }

  /** Trades the launch token for a new session id; a wrong or already used token yields null. */
  redeem(candidate: string): string | null {
    if (this.launchToken === null || !sameSecret(candidate, this.launchToken)) return null;
    this.launchToken = null;
    const session = randomSecret();
    this.sessions.add(session);
    return session;
  }

  /** Whether the request's Cookie header carries a live session of this server. */
  admits(cookieHeader: string | undefined): boolean {
    const session = readCookie(cookieHeader, this.cookieName);
    if (session === undefined) return false;
    for (const known of this.sessions) if (sameSecret(session, known)) return true;
    return false;
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
