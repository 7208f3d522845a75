import type { SandboxDatabase } from '../store/database.ts';
import type { RoutingConfig } from './message-routing.ts';
import { MessageRouter, SANDBOX_DEFAULT_ROUTING, routingSchema } from './message-routing.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS hub_routing (
  hub TEXT PRIMARY KEY,
  config TEXT NOT NULL
) WITHOUT ROWID;
`;

/** A hub's routes, endpoints and enrichments, kept in the sandbox database; the live router follows each save. */
export class RoutingStore {
  private readonly db: SandboxDatabase;
  private readonly hub: string;
  private current: MessageRouter;

  constructor(db: SandboxDatabase, hub: string) {
    this.db = db;
    this.hub = hub;
    db.db.exec(SCHEMA);
    const row = db.db.prepare('SELECT config FROM hub_routing WHERE hub = ?').get(hub) as { config: string } | undefined;
    let config: RoutingConfig = SANDBOX_DEFAULT_ROUTING;
    if (row) {
      const parsed = routingSchema.safeParse(JSON.parse(String(row.config)));
      if (parsed.success) config = parsed.data;
    }
    this.current = new MessageRouter(config, hub);
  }

  get router(): MessageRouter {
    return this.current;
  }

  /** Validates, compiles and stores a new configuration; throws RoutingError or a zod error first. */
  save(config: RoutingConfig): MessageRouter {
    const router = new MessageRouter(config, this.hub);
    this.db.transaction(() => this.db.db.prepare('INSERT OR REPLACE INTO hub_routing (hub, config) VALUES (?, ?)').run(this.hub, JSON.stringify(config)));
    this.current = router;
    return router;
  }
}
