import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Locator } from '@playwright/test';
import type { ConsolePage } from './console-page.ts';

type Tree = { [key: string]: string | Tree };
const texts: Record<'en' | 'ja', Tree> = {
  en: JSON.parse(readFileSync(new URL('../../src-renderer/features/digital-twins/locales/en.json', import.meta.url), 'utf8')) as Tree,
  ja: JSON.parse(readFileSync(new URL('../../src-renderer/features/digital-twins/locales/ja.json', import.meta.url), 'utf8')) as Tree,
};

/** The Digital twins page: its feature texts come from the feature's own locale files. */
export class DigitalTwinsPage {
  readonly app: ConsolePage;

  constructor(app: ConsolePage) {
    this.app = app;
  }

  text(key: string): string {
    let node: string | Tree | undefined = texts[this.app.language];
    for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
    if (typeof node !== 'string') throw new Error(`no text for digital-twins.${key}`);
    return node;
  }

  button(key: string): Locator {
    return this.app.page.getByRole('button', { name: this.text(key), exact: true });
  }

  tab(id: 'models' | 'twins' | 'graph' | 'lab' | 'functions'): Locator {
    return this.app.page.getByRole('tab', { name: this.text(`tabs.${id}`) });
  }

  field(key: string): Locator {
    return this.app.page.getByLabel(this.text(key), { exact: false });
  }

  /** Creates a twin through the dialog: model by display name, id, text fields by property name, optional Space. */
  async createTwin(model: string, dtId: string, properties: Record<string, string>, space?: string): Promise<void> {
    const page = this.app.page;
    await this.button('twins.create').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(this.text('create.model')).click();
    await page.getByRole('option', { name: model, exact: true }).click();
    await dialog.getByLabel(this.text('create.id')).fill(dtId);
    for (const [name, value] of Object.entries(properties)) await dialog.getByLabel(new RegExp(`^${name} \\(`)).fill(value);
    if (space) {
      await dialog.getByLabel(this.text('create.parent')).click();
      await page.getByRole('option', { name: space, exact: true }).click();
    }
    await dialog.getByRole('button', { name: this.text('create.create') }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
}

/** An enrollment group whose custom allocation is `webhookUrl`, made over the DPS REST API with the sandbox's owner key. */
export async function createCustomAllocationGroup(consoleDataDir: string, provisioningHost: string, caPath: string, groupId: string, webhookUrl: string): Promise<string> {
  const config = JSON.parse(readFileSync(join(consoleDataDir, 'sandbox', 'sandbox.json'), 'utf8')) as { dps: { primaryKey: string } };
  const expiry = Math.floor(Date.now() / 1000) + 600;
  const sig = createHmac('sha256', Buffer.from(config.dps.primaryKey, 'base64')).update(`${provisioningHost}\n${expiry}`).digest('base64');
  const body = JSON.stringify({ enrollmentGroupId: groupId, attestation: { type: 'symmetricKey' }, allocationPolicy: 'custom', customAllocationDefinition: { webhookUrl, apiVersion: '2021-10-01' } });
  const [host, port] = provisioningHost.split(':');
  const text = await new Promise<string>((resolve, reject) => {
    const req = request(
      {
        host,
        port: Number(port),
        method: 'PUT',
        path: `/enrollmentGroups/${groupId}?api-version=2021-10-01`,
        ca: readFileSync(caPath, 'utf8'),
        headers: { Authorization: `SharedAccessSignature sr=${provisioningHost}&sig=${encodeURIComponent(sig)}&se=${expiry}&skn=provisioningserviceowner`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        let out = '';
        res.on('data', (chunk: Buffer) => (out += chunk.toString()));
        res.on('end', () => resolve(out));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  return (JSON.parse(text) as { attestation: { symmetricKey: { primaryKey: string } } }).attestation.symmetricKey.primaryKey;
}

const FLEET = fileURLToPath(new URL('../../src-main/bench/support/twins-fleet.ts', import.meta.url));

/** Starts the small SDK fleet (src-main/bench/support/twins-fleet.ts); resolves with its stdout lines when it ends. */
export function runFleet(input: Record<string, unknown>): Promise<string[]> {
  const child = spawn(process.execPath, [FLEET], { env: { ...process.env, TWINS_FLEET_INPUT: JSON.stringify(input) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    if (process.env.TWINS_FLEET_DEBUG) process.stderr.write(`fleet: ${line}\n`);
  });
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(lines) : reject(new Error(`fleet exited ${code}: ${stderr}`)))));
}
