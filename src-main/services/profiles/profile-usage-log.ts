import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ProfileUsageEntry } from '../../../src-shared/contract/channels/profiles.ts';
import { redactSecrets } from '../../security/redact.ts';

export type ProfileUsageInput = Omit<ProfileUsageEntry, 'at' | 'host' | 'errorCode' | 'durationMs'> &
  Partial<Pick<ProfileUsageEntry, 'host' | 'errorCode' | 'durationMs'>>;

const MAX_IN_MEMORY = 2000;

/**
 * Which profile was used for which operation, for the timeline and for audits. Append-only JSON
 * lines in userData; entries carry names and hosts only, and pass the redactor on the way in.
 */
export class ProfileUsageLog {
  private readonly path: string;
  private recentEntries: ProfileUsageEntry[] | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(entry: ProfileUsageEntry) => void>();

  constructor(dataDir: string) {
    this.path = join(dataDir, 'profile-usage.jsonl');
  }

  record(input: ProfileUsageInput): Promise<ProfileUsageEntry> {
    const entry: ProfileUsageEntry = {
      at: new Date().toISOString(),
      profileId: input.profileId,
      profileName: redactSecrets(input.profileName).slice(0, 200),
      kind: input.kind,
      operation: redactSecrets(input.operation).slice(0, 200),
      host: input.host ? redactSecrets(input.host).slice(0, 260) : null,
      outcome: input.outcome,
      errorCode: input.errorCode ?? null,
      durationMs: input.durationMs ?? null,
    };
    const run = this.queue.then(async () => {
      await this.load();
      await mkdir(dirname(this.path), { recursive: true });
      await appendFile(this.path, `${JSON.stringify(entry)}\n`, { encoding: 'utf8', mode: 0o600 });
      this.recentEntries!.push(entry);
      if (this.recentEntries!.length > MAX_IN_MEMORY) this.recentEntries!.splice(0, this.recentEntries!.length - MAX_IN_MEMORY);
      for (const listener of this.listeners) listener(entry);
      return entry;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Hears each entry once it is on disk (the timeline's event log is fed from here). */
  onRecord(listener: (entry: ProfileUsageEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Newest first. */
  async recent(limit = 100): Promise<ProfileUsageEntry[]> {
    await this.queue;
    const entries = await this.load();
    return entries.slice(-limit).reverse();
  }

  private async load(): Promise<ProfileUsageEntry[]> {
    if (this.recentEntries) return this.recentEntries;
    const text = await readFile(this.path, 'utf8').catch(() => '');
    // A torn last line (crash mid-append) is skipped, not fatal.
    this.recentEntries = text
      .split('\n')
      .filter(Boolean)
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as ProfileUsageEntry];
        } catch {
          return [];
        }
      })
      .slice(-MAX_IN_MEMORY);
    return this.recentEntries;
  }
}
