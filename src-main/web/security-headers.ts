import { contentSecurityPolicy } from '../security/content-security-policy.ts';

/** The page may talk only to its own origin and its own WebSocket. */
export function webContentSecurityPolicy(port: number): string {
  return contentSecurityPolicy(`'self' ws://127.0.0.1:${port}`);
}

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': webContentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
