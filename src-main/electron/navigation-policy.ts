import { isAppUrl } from './app-protocol.ts';

/** A link the operator may open in the system browser: https only, no credentials in the URL. */
export function externalLinkTarget(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return null;
    return parsed.href;
  } catch {
    return null;
  }
}

export interface SenderFacts {
  /** URL of the frame that sent the message (null when the frame is gone). */
  frameUrl: string | null;
  /** Whether that frame is the top frame of its page (no iframes may call in). */
  isMainFrame: boolean;
  /** webContents id of the sender. */
  senderId: number;
  /** webContents ids of the app's own windows. */
  trustedIds: ReadonlySet<number>;
}

/** Whether an IPC message comes from our window's top frame showing our own page. */
export function isTrustedSender(facts: SenderFacts): boolean {
  return facts.frameUrl !== null && facts.isMainFrame && facts.trustedIds.has(facts.senderId) && isAppUrl(facts.frameUrl);
}
