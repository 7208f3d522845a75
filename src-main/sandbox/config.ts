import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from './store/durable-file.ts';

/** What the sandbox keeps across restarts so clients configured once keep working. */
const persistedSchema = z.object({
  version: z.literal(1),
  idScope: z.string().regex(/^0ne[0-9A-F]{8}$/),
  dps: z.object({ port: z.number().int().min(0).max(65535), primaryKey: z.string().min(1), secondaryKey: z.string().min(1) }),
  hubs: z.array(z.object({ name: z.string().min(1), port: z.number().int().min(0).max(65535), ownerKey: z.string().min(1), latencyMs: z.number().min(0).optional() })),
  /** Azure Digital Twins: its port and the bearer token the sandbox issued (added later: optional in older files). */
  adt: z.object({ port: z.number().int().min(0).max(65535), accessToken: z.string().min(32) }).optional(),
});

export type SandboxConfig = z.infer<typeof persistedSchema>;

export const CONFIG_FILE = 'sandbox.json';

export function newKey(): string {
  return randomBytes(32).toString('base64');
}

/** Azure id scopes look like 0ne0012ABCD: "0ne" then eight upper-case hex digits. */
function newIdScope(): string {
  return `0ne${randomBytes(4).toString('hex').toUpperCase()}`;
}

function newHub(index: number): SandboxConfig['hubs'][number] {
  return { name: `sandbox-hub-${index + 1}`, port: 0, ownerKey: newKey() };
}

/**
 * Reads the data dir's config, creating it on first run, and grows or shrinks the hub list to
 * `hubCount` (existing hubs keep their names, keys and ports).
 */
export function loadConfig(dataDir: string, hubCount: number): SandboxConfig {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, CONFIG_FILE);
  let config: SandboxConfig;
  if (existsSync(path)) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`${path} is not valid JSON (${(error as Error).message}); fix or remove it to start a new sandbox`, { cause: error });
    }
    const parsed = persistedSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`${path} is not a sandbox config: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    config = parsed.data;
  } else {
    config = { version: 1, idScope: newIdScope(), dps: { port: 0, primaryKey: newKey(), secondaryKey: newKey() }, hubs: [] };
  }
  const hubs = config.hubs.slice(0, hubCount);
  while (hubs.length < hubCount) hubs.push(newHub(hubs.length));
  config = { ...config, hubs, adt: config.adt ?? { port: 0, accessToken: newKey() } };
  saveConfig(dataDir, config);
  return config;
}

export function saveConfig(dataDir: string, config: SandboxConfig): void {
  writeFileDurably(join(dataDir, CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`, 0o600);
}
