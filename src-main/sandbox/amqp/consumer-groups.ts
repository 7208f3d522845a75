import type { SandboxDatabase } from '../store/database.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS hub_eh_consumer_groups (
  hub TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (hub, name)
) WITHOUT ROWID;
`;

export const DEFAULT_CONSUMER_GROUP = '$Default';
const NAME = /^[A-Za-z0-9$][A-Za-z0-9._-]{0,49}$/;

/**
 * The consumer groups of a hub's built-in endpoint: `$Default` always, others created through the
 * sandbox-only API (as on the portal's Built-in endpoints page). Named extra endpoints take any group.
 */
export class ConsumerGroups {
  private readonly db: SandboxDatabase;
  private readonly hub: string;
  private readonly names = new Set<string>([DEFAULT_CONSUMER_GROUP]);

  constructor(db: SandboxDatabase, hub: string) {
    this.db = db;
    this.hub = hub;
    db.db.exec(SCHEMA);
    for (const row of db.db.prepare('SELECT name FROM hub_eh_consumer_groups WHERE hub = ?').all(hub) as { name: string }[]) this.names.add(String(row.name));
  }

  has(name: string): boolean {
    return this.names.has(name) || (name.toLowerCase() === DEFAULT_CONSUMER_GROUP.toLowerCase());
  }

  list(): string[] {
    return [...this.names].sort();
  }

  /** Adds a group; returns false for a name the service would refuse (letters, digits, `._-`, ≤ 50). */
  add(name: string): boolean {
    if (!NAME.test(name)) return false;
    this.db.transaction(() => this.db.db.prepare('INSERT OR IGNORE INTO hub_eh_consumer_groups (hub, name) VALUES (?, ?)').run(this.hub, name));
    this.names.add(name);
    return true;
  }

  remove(name: string): boolean {
    if (name === DEFAULT_CONSUMER_GROUP || !this.names.has(name)) return false;
    this.db.transaction(() => this.db.db.prepare('DELETE FROM hub_eh_consumer_groups WHERE hub = ? AND name = ?').run(this.hub, name));
    this.names.delete(name);
    return true;
  }
}
