/**
 * The renderer's Content-Security-Policy, one policy for both shells: only what the page may
 * connect to differs (Electron: nothing beyond itself, it talks over IPC; the web shell: its own
 * WebSocket). Inline styles stay allowed because MUI (emotion) injects <style> elements.
 */
export function contentSecurityPolicy(connectSrc: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `connect-src ${connectSrc}`,
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
