import { contentSecurityPolicy } from '../security/content-security-policy.ts';

/** The Electron window's CSP: the renderer reaches the main process over IPC only, so it needs no network. */
export const ELECTRON_CSP = contentSecurityPolicy("'self'");
