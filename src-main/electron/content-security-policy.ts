/**
 * The Electron window's CSP. Stricter than the web shell's: the renderer talks to the main
 * process over IPC only, so it needs no network at all. Inline styles stay for MUI (emotion).
 */
export const ELECTRON_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
