/**
 * Strips anything shaped like a credential from text that is about to leave the main process
 * (error messages, logs). A last line of defence: services should not put secrets in messages.
 *
 * Keys are base64 (16, 32 or 64 bytes, always padded), and they turn up raw, in JSON, in
 * connection strings and in URLs — sometimes URL-encoded, where `+` `/` `=` read `%2B` `%2F`
 * `%3D` and the separators `&` `;` read `%26` `%3B`.
 */

/** One base64 character, raw or URL-encoded. */
const B64 = String.raw`(?:[A-Za-z0-9+/]|%2[BbFf])`;
/** `=` raw or URL-encoded. */
const PAD = String.raw`(?:=|%3[Dd])`;
/** A value runs until a separator, raw or URL-encoded. */
const VALUE = String.raw`(?:(?!%26|%3[Bb]|%20)[^&;"'\s,}<>])+`;
/**
 * Not glued to a preceding base64 character (a `\b` would let a key starting `+`/`/` through),
 * or right after an encoded separator (`%3D` `%26` `%3A` `%3F` `%3B` `%20` `%22` `%2C`).
 */
const START = String.raw`(?:(?<![A-Za-z0-9+/%])|(?<=%3[DdAaFfBb]|%2[06Cc]|%22))`;
const END = String.raw`(?![A-Za-z0-9+/=]|%2[BbFf]|%3[Dd])`;

const PATTERNS: Array<[RegExp, string]> = [
  [new RegExp(String.raw`(SharedAccessKey\s*${PAD}\s*)${VALUE}`, 'gi'), '$1***'],
  [/(SharedAccessSignature(?:\s+|%20))[^"'\s]+/gi, '$1***'],
  // `sig=` after a URL separator, raw or encoded: `?sig=`, `&sig=`, `%26sig%3D`, `sig%3D`
  [new RegExp(String.raw`((?:^|[?&;\s"']|%26|%3[Ff])sig${PAD})${VALUE}`, 'gi'), '$1***'],
  [/("?(?:primaryKey|secondaryKey|symmetricKey|key|password|passphrase)"?\s*[:=]\s*"?)[^",}\s]+/gi, '$1***'],
  // a padded base64 blob of 16 bytes or more (22 characters and `==`): every Azure key is padded
  [new RegExp(String.raw`${START}${B64}{22,}${PAD}{1,2}${END}`, 'g'), '***'],
  // an unpadded base64 blob of 32 bytes or more (a key whose padding was cut off)
  [new RegExp(String.raw`${START}${B64}{43,}${END}`, 'g'), '***'],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
