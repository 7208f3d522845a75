import { createHmac, timingSafeEqual } from 'node:crypto';

/** A parsed `SharedAccessSignature sr=…&sig=…&se=…[&skn=…]` token. */
export interface SasToken {
  sr: string;
  sig: string;
  se: number;
  skn: string | undefined;
}

/** Parses a SAS token without decoding `sr`: the signature covers `sr` exactly as sent. */
export function parseSasToken(value: string | undefined): SasToken | null {
  if (!value) return null;
  const prefix = 'SharedAccessSignature ';
  if (!value.startsWith(prefix)) return null;
  const fields = new Map<string, string>();
  for (const part of value.slice(prefix.length).split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const sr = fields.get('sr');
  const sigEncoded = fields.get('sig');
  const se = Number(fields.get('se'));
  if (!sr || !sigEncoded || !Number.isFinite(se)) return null;
  let sig: string;
  try {
    sig = decodeURIComponent(sigEncoded);
  } catch {
    return null;
  }
  return { sr, sig, se, skn: fields.get('skn') };
}

/** base64(HMAC-SHA256(base64decode(key), message)) — the signature and the group-derived device key alike. */
export function hmacBase64(keyBase64: string, message: string): string {
  return createHmac('sha256', Buffer.from(keyBase64, 'base64')).update(message, 'utf8').digest('base64');
}

export type SasCheck = { ok: true } | { ok: false; reason: 'malformed' | 'expired' | 'signature' | 'resource' };

/**
 * Verifies a token against one candidate key. `expectedResource` is compared with `sr` after
 * decoding both, since SDKs differ in whether they URL-encode it.
 */
export function verifySas(token: SasToken, keyBase64: string, expectedResource: string, nowSeconds = Date.now() / 1000): SasCheck {
  if (token.se < nowSeconds) return { ok: false, reason: 'expired' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(token.sr);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (decoded.toLowerCase() !== expectedResource.toLowerCase() && !decoded.toLowerCase().startsWith(`${expectedResource.toLowerCase()}/`)) {
    return { ok: false, reason: 'resource' };
  }
  const expected = Buffer.from(hmacBase64(keyBase64, `${token.sr}\n${token.se}`), 'base64');
  const given = Buffer.from(token.sig, 'base64');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'signature' };
  return { ok: true };
}
