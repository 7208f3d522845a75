/**
 * Strips anything shaped like a credential from text that is about to leave the main process
 * (error messages, logs). A last line of defence: services should not put secrets in messages.
 */
const PATTERNS: Array<[RegExp, string]> = [
  [/(SharedAccessKey\s*=\s*)[^;"'\s]+/gi, '$1***'],
  [/(SharedAccessSignature\s+)[^"'\s]+/gi, '$1***'],
  [/([?&;\s]sig=)[^&;"'\s]+/gi, '$1***'],
  [/("?(?:primaryKey|secondaryKey|symmetricKey|key|password|passphrase)"?\s*[:=]\s*"?)[^",}\s]+/gi, '$1***'],
  // a bare base64 blob of 32 bytes or more (keys are 32 or 64 bytes)
  [/\b[A-Za-z0-9+/]{43,}={0,2}/g, '***'],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
