import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { implicit, sequence, tlv } from './der.ts';
import { ipBytes } from './ip-bytes.ts';

/**
 * X.509 name constraints (RFC 5280 §4.2.1.10) for the sandbox CA: a device that trusts the
 * sandbox CA trusts it for this machine's names only, so a copy of its key cannot vouch for
 * any other host. Permitted entries are DNS names (a name covers itself and its subdomains:
 * `localhost` covers `hub.localhost`) and IP ranges in CIDR form.
 */
export const NAME_CONSTRAINTS_OID = '2.5.29.30';

/** What every sandbox CA permits; the `--listen` address is added when it is not among them. */
export const LOOPBACK_PERMITTED = ['localhost', '127.0.0.0/8', '::1/128'];

/** The permitted entry for one advertised address or host name. */
export function permittedEntryFor(address: string): string {
  const version = isIP(address);
  if (version === 4) return `${address}/32`;
  if (version === 6) return `${address}/128`;
  return address.toLowerCase();
}

function subtree(entry: string): Buffer {
  const [address = '', bits] = entry.split('/');
  if (bits === undefined) return sequence(implicit(2, Buffer.from(entry, 'ascii')));
  const bytes = ipBytes(address);
  const mask = Buffer.alloc(bytes.length);
  for (let bit = 0; bit < Number(bits); bit++) mask[bit >> 3] = (mask[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  return sequence(implicit(7, Buffer.concat([bytes, mask])));
}

/** The DER value of a NameConstraints extension with only permitted subtrees. */
export function encodeNameConstraints(permitted: string[]): Buffer {
  return sequence(tlv(0xa0, Buffer.concat(permitted.map(subtree))));
}

/** A reader over one DER value: enough to walk an extension list. */
function* children(der: Buffer): Generator<{ tag: number; value: Buffer }> {
  let at = 0;
  while (at < der.length) {
    const tag = der[at] ?? 0;
    let length = der[at + 1] ?? 0;
    let header = 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + (der[at + 2 + i] ?? 0);
      header += count;
    }
    yield { tag, value: der.subarray(at + header, at + header + length) };
    at += header + length;
  }
}

function only(der: Buffer): Buffer {
  const first = children(der).next();
  return first.done ? Buffer.alloc(0) : first.value.value;
}

function oidBytes(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  return Buffer.from([40 * (parts[0] ?? 0) + (parts[1] ?? 0), ...parts.slice(2)]);
}

function formatSubtree(name: { tag: number; value: Buffer }): string | undefined {
  if (name.tag === 0x82) return name.value.toString('ascii').toLowerCase();
  if (name.tag !== 0x87 || (name.value.length !== 8 && name.value.length !== 32)) return undefined;
  const half = name.value.length / 2;
  const address = name.value.subarray(0, half);
  const bits = [...name.value.subarray(half)].reduce((sum, byte) => sum + byte.toString(2).replace(/0/g, '').length, 0);
  const text = half === 4 ? [...address].join('.') : (address.toString('hex').match(/.{4}/g) ?? []).map((group) => group.replace(/^0{1,3}/, '')).join(':');
  return `${half === 4 ? text : compressIpv6(text)}/${bits}`;
}

function compressIpv6(full: string): string {
  const run = full.match(/(?:^|:)0(?::0)+(?::|$)/g)?.sort((a, b) => b.length - a.length)[0];
  return run ? full.replace(run, '::') : full;
}

/** The GeneralName TLVs of a CA's permitted subtrees, or `undefined` when it has no name constraints. */
function permittedSubtreesOf(certificatePem: string): Array<{ tag: number; value: Buffer }> | undefined {
  const tbs = only(only(Buffer.from(new X509Certificate(certificatePem).raw)));
  const extensionsField = [...children(tbs)].find((field) => field.tag === 0xa3);
  if (!extensionsField) return undefined;
  const oid = oidBytes(NAME_CONSTRAINTS_OID);
  for (const ext of children(only(extensionsField.value))) {
    const parts = [...children(ext.value)];
    if (parts[0]?.tag !== 0x06 || !parts[0].value.equals(oid)) continue;
    const permitted = [...children(only(parts.at(-1)?.value ?? Buffer.alloc(0)))].find((part) => part.tag === 0xa0);
    return permitted ? [...children(permitted.value)].map((tree) => [...children(tree.value)][0] ?? { tag: 0, value: Buffer.alloc(0) }) : [];
  }
  return undefined;
}

/**
 * The permitted names of a CA certificate as text (`localhost`, `127.0.0.0/8`, `::1/128`), or
 * `undefined` when it has no name constraints (a CA made before they were added: it vouches for any name).
 */
export function permittedNamesOf(certificatePem: string): string[] | undefined {
  return permittedSubtreesOf(certificatePem)?.map(formatSubtree).filter((name): name is string => name !== undefined);
}

/** Whether the CA has name constraints listing every one of `entries` (compared encoded, so `::1` and `0::1` agree). */
export function caPermitsAll(certificatePem: string, entries: string[]): boolean {
  const have = permittedSubtreesOf(certificatePem);
  if (!have) return false;
  const encoded = new Set(have.map((name) => tlv(name.tag, name.value).toString('hex')));
  return entries.every((entry) => encoded.has(only(subtree(entry)).toString('hex')));
}
