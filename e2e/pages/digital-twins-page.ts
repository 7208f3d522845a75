import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Locator } from '@playwright/test';
import type { ConsolePage } from './console-page.ts';
import { dpsServicePut } from './sandbox-seed.ts';

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

  /** Picks the Allocation lab's function (a select): the seed's, the operator's module, or a URL. */
  async chooseLabTarget(key: 'lab.seed' | 'lab.module' | 'lab.url'): Promise<void> {
    // A select's accessible name is its label followed by the chosen value.
    const label = this.text('lab.target').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await this.app.page.getByRole('combobox', { name: new RegExp(`^${label} `) }).click();
    await this.app.page.getByRole('option', { name: this.text(key), exact: true }).click();
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

/** The console's sandbox as its data dir describes it (the started sandbox has written its ports there). */
export function sandboxEndpoints(consoleDataDir: string): { dpsHost: string; idScope: string; caPath: string } {
  const config = JSON.parse(readFileSync(join(consoleDataDir, 'sandbox', 'sandbox.json'), 'utf8')) as { idScope: string; dps: { port: number } };
  return { dpsHost: `127.0.0.1:${config.dps.port}`, idScope: config.idScope, caPath: join(consoleDataDir, 'sandbox', 'ca.pem') };
}

/** An enrollment group whose custom allocation is `webhookUrl`; resolves with its primary key. */
export async function createCustomAllocationGroup(consoleDataDir: string, provisioningHost: string, caPath: string, groupId: string, webhookUrl: string): Promise<string> {
  const group = { enrollmentGroupId: groupId, attestation: { type: 'symmetricKey' }, allocationPolicy: 'custom', customAllocationDefinition: { webhookUrl, apiVersion: '2021-10-01' } };
  const { text } = await dpsServicePut(consoleDataDir, provisioningHost, caPath, `/enrollmentGroups/${groupId}`, group);
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
