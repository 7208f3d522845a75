import type { ConsoleStore, StoreMigration } from '../store/console-store.ts';
import type { StoredConnection } from '../../simulator/protocol.ts';

const MIGRATION: StoreMigration = {
  area: 'simulator',
  steps: [
    `CREATE TABLE simulator_connections (
       registration_id TEXT PRIMARY KEY,
       assigned_hub TEXT NOT NULL,
       device_id TEXT NOT NULL,
       updated_at INTEGER NOT NULL
     );`,
  ],
};

/**
 * Each simulated device's connection info (its hub and device id — no key), as a real device
 * stores it after provisioning: a restarted fleet connects straight to its hub with it unless
 * told to re-provision. One table per profile's console database.
 */
export class ConnectionStore {
  private readonly store: ConsoleStore;

  constructor(store: ConsoleStore) {
    this.store = store;
    store.register(MIGRATION);
  }

  lookup(profileId: string, ids: string[]): Map<string, StoredConnection> {
    const found = new Map<string, StoredConnection>();
    const statement = this.store.forProfile(profileId).db.prepare('SELECT assigned_hub, device_id FROM simulator_connections WHERE registration_id = ?');
    for (const id of ids) {
      const row = statement.get(id) as { assigned_hub: string; device_id: string } | undefined;
      if (row) found.set(id, { assignedHub: row.assigned_hub, deviceId: row.device_id });
    }
    return found;
  }

  saveMany(profileId: string, rows: Array<{ registrationId: string; connection: StoredConnection }>): void {
    if (!rows.length) return;
    const database = this.store.forProfile(profileId);
    const upsert = database.db.prepare(
      `INSERT INTO simulator_connections (registration_id, assigned_hub, device_id, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(registration_id) DO UPDATE SET assigned_hub = excluded.assigned_hub, device_id = excluded.device_id, updated_at = excluded.updated_at`,
    );
    database.transaction(() => {
      for (const { registrationId, connection } of rows) upsert.run(registrationId, connection.assignedHub, connection.deviceId, Date.now());
    });
  }
}
