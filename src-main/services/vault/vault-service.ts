import { join } from 'node:path';
import type { VaultStatus } from '../../../src-shared/contract/channels/vault.ts';
import { AppError } from '../../../src-shared/contract/result.ts';
import { AtomicJsonFile } from '../profiles/atomic-json-file.ts';
import type { SecretCipher } from '../ports.ts';
import { PassphraseAttempts } from './passphrase-attempts.ts';
import { checkStoredKdf, deriveKey, keyMatchesCheck, NEW_VAULT_N, newKdfParams, open, seal, sealCheck, type KdfParams } from './passphrase-key.ts';

interface VaultFile {
  version: 1;
  mode: 'os' | 'passphrase';
  backend: string;
  kdf?: KdfParams;
  check?: string;
  /** id → base64 sealed secret; each sealed on its own so damage to one loses only that one. */
  entries: Record<string, string>;
}

export interface VaultOptions {
  dataDir: string;
  shell: 'electron' | 'web';
  osCipher?: SecretCipher | undefined;
  /** How the growing delay after a wrong passphrase is spent (tests record it instead of sleeping). */
  waitAfterWrongPassphrase?: (ms: number) => Promise<unknown>;
}

/** Backends that only look like encryption: Chromium's basic_text uses a hard-coded key. */
const WEAK_BACKENDS = new Set(['basic_text', 'unknown', '']);

/**
 * Holds every credential of the main process. Secrets go to disk only when something real
 * protects them (an OS secret store or the operator's passphrase); otherwise they live in memory
 * for the session and the status says why.
 */
export class VaultService {
  private readonly file: AtomicJsonFile<VaultFile>;
  private readonly options: VaultOptions;
  private readonly session = new Map<string, string>();
  private stored: VaultFile | undefined;
  private mode: VaultStatus['mode'] = 'session';
  private osCipher: SecretCipher | undefined;
  private key: Buffer | undefined;
  private reason: string | null = null;
  private ready: Promise<void> | undefined;
  private readonly attempts: PassphraseAttempts;

  constructor(options: VaultOptions) {
    this.options = options;
    this.attempts = new PassphraseAttempts(options.waitAfterWrongPassphrase);
    this.file = new AtomicJsonFile(join(options.dataDir, 'vault.json'));
  }

  async status(): Promise<VaultStatus> {
    await this.init();
    const locked = this.mode === 'passphrase' && !this.key;
    return {
      mode: this.mode,
      backend: this.mode === 'os' ? this.osCipher!.backend : this.mode === 'passphrase' ? 'scrypt+aes-256-gcm' : (this.options.osCipher?.backend ?? 'memory'),
      persistent: this.mode !== 'session',
      locked,
      reason: locked ? 'The vault is locked: enter the passphrase to use the stored secrets' : this.reason,
      canSetPassphrase: (this.mode === 'session' && !this.holdsOsSealed()) || (this.mode === 'passphrase' && !locked),
    };
  }

  async put(id: string, secret: string): Promise<void> {
    await this.init();
    this.requireUnlocked();
    this.session.set(id, secret);
    if (this.mode === 'session') return;
    const sealed = await this.sealOne(id, secret);
    await this.save({ ...this.stored!, entries: { ...this.stored!.entries, [id]: sealed } });
  }

  /** The secret, or undefined when none was stored under this id. Damage to it throws; nothing else is touched. */
  async get(id: string): Promise<string | undefined> {
    await this.init();
    const cached = this.session.get(id);
    if (cached !== undefined) return cached;
    const sealed = this.stored?.entries[id];
    if (sealed === undefined) return undefined;
    if (this.mode === 'passphrase') this.requireUnlocked();
    if (this.mode === 'session') {
      throw new AppError('secret_storage_unavailable', `The secret "${id}" was stored with the OS secret store, which is not available now: ${this.reason ?? ''}`.trim());
    }
    let plain: string;
    try {
      plain = await this.openOne(id, sealed);
    } catch {
      throw new AppError('secret_storage_unavailable', `The stored secret "${id}" cannot be decrypted: it was changed or damaged on disk. Enter it again; other secrets are not affected.`);
    }
    this.session.set(id, plain);
    return plain;
  }

  async remove(id: string): Promise<void> {
    await this.init();
    this.session.delete(id);
    if (!this.stored || !(id in this.stored.entries)) return;
    const { [id]: _gone, ...entries } = this.stored.entries;
    await this.save({ ...this.stored, entries });
  }

  /** Whether a secret is held (in this session or sealed on disk), without opening it. */
  async has(id: string): Promise<boolean> {
    await this.init();
    return this.session.has(id) || (this.mode !== 'session' && this.stored?.entries[id] !== undefined);
  }

  /** Removes every secret whose id starts with `prefix` (e.g. all of one profile). */
  async removePrefix(prefix: string): Promise<void> {
    await this.init();
    for (const id of [...this.session.keys()]) if (id.startsWith(prefix)) this.session.delete(id);
    if (!this.stored) return;
    const entries = Object.fromEntries(Object.entries(this.stored.entries).filter(([id]) => !id.startsWith(prefix)));
    if (Object.keys(entries).length !== Object.keys(this.stored.entries).length) await this.save({ ...this.stored, entries });
  }

  /** Sets the first passphrase, or changes it: a change needs the current one (an open session alone is not enough). */
  async setPassphrase(passphrase: string, currentPassphrase?: string): Promise<VaultStatus> {
    await this.init();
    if (this.mode === 'os') throw new AppError('unsupported', `Secrets are already kept in the OS secret store (${this.osCipher!.backend}); a passphrase is not needed`);
    this.requireUnlocked();
    if (this.mode === 'passphrase') {
      if (!currentPassphrase) {
        throw new AppError('validation', 'Enter the current passphrase to change it', [{ path: 'currentPassphrase', message: 'Enter the current passphrase' }]);
      }
      if (!(await this.passphraseMatches(currentPassphrase))) {
        throw new AppError('unauthorized', 'The current passphrase is wrong', [{ path: 'currentPassphrase', message: 'Wrong passphrase' }]);
      }
    }
    if (this.holdsOsSealed()) {
      throw new AppError('unsupported', 'The secrets on disk were sealed by an OS secret store that is not available here; a passphrase vault would replace them. Use the app where they were stored, or move vault.json aside first');
    }
    // Re-seal everything known in this session under the new key; stored entries were decrypted into the session by unlock.
    for (const id of Object.keys(this.stored?.entries ?? {})) await this.get(id);
    const kdf = newKdfParams();
    const key = await deriveKey(passphrase, kdf);
    const entries: Record<string, string> = {};
    for (const [id, secret] of this.session) entries[id] = seal(key, secret, id).toString('base64');
    await this.save({ version: 1, mode: 'passphrase', backend: 'scrypt+aes-256-gcm', kdf, check: sealCheck(key).toString('base64'), entries });
    this.key = key;
    this.mode = 'passphrase';
    this.reason = null;
    return this.status();
  }

  async unlock(passphrase: string): Promise<VaultStatus> {
    await this.init();
    if (this.mode !== 'passphrase') throw new AppError('unsupported', 'There is no passphrase-protected vault to unlock');
    let key: Buffer | undefined;
    const right = await this.attempts.check(async () => {
      const { kdf, check } = this.storedPassphraseRecord();
      const derived = await deriveKey(passphrase, kdf);
      if (!keyMatchesCheck(derived, check)) return false;
      key = derived;
      return true;
    });
    if (!right || !key) throw new AppError('unauthorized', 'The passphrase is wrong', [{ path: 'passphrase', message: 'Wrong passphrase' }]);
    this.key = key;
    if (this.storedPassphraseRecord().kdf.N < NEW_VAULT_N) await this.resealWithNewKdf(passphrase);
    return this.status();
  }

  /** Whether `passphrase` opens the stored vault, through the same line and delay as unlock. */
  private passphraseMatches(passphrase: string): Promise<boolean> {
    return this.attempts.check(async () => {
      const { kdf, check } = this.storedPassphraseRecord();
      return keyMatchesCheck(await deriveKey(passphrase, kdf), check);
    });
  }

  /** The kdf and check from vault.json, refusing a damaged or crafted record before any scrypt runs. */
  private storedPassphraseRecord(): { kdf: KdfParams; check: Buffer } {
    const { params, problem } = checkStoredKdf(this.stored?.kdf);
    const check = typeof this.stored?.check === 'string' ? Buffer.from(this.stored.check, 'base64') : undefined;
    const why = problem ?? (check && check.length > 0 ? undefined : 'it has no passphrase check');
    if (!params || !check || why) {
      throw new AppError('secret_storage_unavailable', `The vault file ${this.file.path} cannot be unlocked: ${why ?? 'it is damaged'}. Restore it from a backup or move it aside to start a new vault.`);
    }
    return { kdf: params, check };
  }

  /** A vault from an older version (scrypt N 2^15): every entry sealed again under today's parameters. */
  private async resealWithNewKdf(passphrase: string): Promise<void> {
    for (const id of Object.keys(this.stored?.entries ?? {})) await this.get(id).catch(() => undefined);
    const kdf = newKdfParams();
    const key = await deriveKey(passphrase, kdf);
    const entries: Record<string, string> = { ...this.stored!.entries };
    for (const id of Object.keys(entries)) {
      const plain = this.session.get(id);
      if (plain !== undefined) entries[id] = seal(key, plain, id).toString('base64');
    }
    await this.save({ ...this.stored!, kdf, check: sealCheck(key).toString('base64'), entries });
    this.key = key;
  }

  private init(): Promise<void> {
    this.ready ??= this.decideMode();
    return this.ready;
  }

  private async decideMode(): Promise<void> {
    this.stored = await this.file.read().catch(() => {
      throw new AppError('secret_storage_unavailable', `The vault file ${this.file.path} is not valid JSON; move it aside to start a new vault`);
    });
    if (this.stored?.mode === 'passphrase') {
      this.mode = 'passphrase';
      return;
    }
    const cipher = this.options.osCipher;
    const weak = !cipher || cipher.kind !== 'os' || WEAK_BACKENDS.has(cipher.backend);
    const available = !weak && (await cipher.isAvailable().catch(() => false));
    if (cipher && available) {
      this.mode = 'os';
      this.osCipher = cipher;
      this.stored ??= { version: 1, mode: 'os', backend: cipher.backend, entries: {} };
      return;
    }
    this.mode = 'session';
    this.reason = !cipher
      ? 'The web console has no OS secret store: secrets stay in memory for this session only. Set a passphrase to keep them encrypted on disk.'
      : cipher.backend === 'basic_text'
        ? 'The OS offers no real secret store (Linux backend basic_text would "encrypt" with a publicly known key), so secrets are not written to disk: they stay in memory for this session only. Set a passphrase to keep them encrypted on disk.'
        : WEAK_BACKENDS.has(cipher.backend)
          ? `The OS secret store could not be identified (backend "${cipher.backend || 'unknown'}"), so secrets stay in memory for this session only. Set a passphrase to keep them encrypted on disk.`
          : `The OS secret store (${cipher.backend}) is not available, so secrets stay in memory for this session only. Set a passphrase to keep them encrypted on disk.`;
  }

  /** A vault written by the desktop app, opened where its OS store is missing (e.g. the web shell on the same data dir). */
  private holdsOsSealed(): boolean {
    return this.mode === 'session' && this.stored?.mode === 'os' && Object.keys(this.stored.entries).length > 0;
  }

  private requireUnlocked(): void {
    if (this.mode === 'passphrase' && !this.key) {
      throw new AppError('secret_storage_unavailable', 'The vault is locked: enter the passphrase (Settings → Profiles) to use the stored secrets');
    }
  }

  private async sealOne(id: string, secret: string): Promise<string> {
    if (this.mode === 'passphrase') return seal(this.key!, secret, id).toString('base64');
    // The OS store gives no associated data, so the id travels inside: a sealed secret moved to another slot is caught.
    return (await this.osCipher!.encrypt(`${id}\n${secret}`)).toString('base64');
  }

  private async openOne(id: string, sealed: string): Promise<string> {
    if (this.mode === 'passphrase') return open(this.key!, Buffer.from(sealed, 'base64'), id);
    const plain = await this.osCipher!.decrypt(Buffer.from(sealed, 'base64'));
    if (!plain.startsWith(`${id}\n`)) throw new Error('sealed secret belongs to another slot');
    return plain.slice(id.length + 1);
  }

  private async save(next: VaultFile): Promise<void> {
    await this.file.write(next);
    this.stored = next;
  }
}
