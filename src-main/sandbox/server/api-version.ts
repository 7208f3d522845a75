const DATED = /^(\d{4})-(\d{2})-(\d{2})(-preview)?$/;

/**
 * Whether an api-version names a release the service could have shipped: a real date between the
 * service's first release and today. Azure answers 400 for versions it does not know; the sandbox
 * cannot list every release, but a version from the future or before the service existed is never
 * one, and accepting it would let a malformed request change data.
 */
export function isKnownApiVersion(version: string, firstRelease: string, today = new Date()): boolean {
  const match = DATED.exec(version);
  if (!match) return false;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return false;
  return version.slice(0, 10) >= firstRelease && date.getTime() <= today.getTime();
}
