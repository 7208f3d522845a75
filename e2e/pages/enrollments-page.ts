import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { ConsolePage } from './console-page.ts';

type Tree = { [key: string]: string | Tree };
const texts = JSON.parse(readFileSync(new URL('../../src-renderer/features/enrollments/locales/en.json', import.meta.url), 'utf8')) as Tree;

/** The Enrollments page: tabs, tables, dialogs; its labels read from the feature's own English texts. */
export class EnrollmentsPage {
  readonly app: ConsolePage;
  readonly page: Page;

  constructor(app: ConsolePage) {
    this.app = app;
    this.page = app.page;
  }

  text(key: string, values: Record<string, string | number> = {}): string {
    let node: string | Tree | undefined = texts;
    for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
    if (typeof node !== 'string') throw new Error(`no text for enrollments.${key}`);
    return node.replace(/\{\{(\w+)\}\}/g, (_w, name: string) => String(values[name] ?? ''));
  }

  tab(id: 'individual' | 'group' | 'import' | 'overview'): Locator {
    return this.page.getByTestId(`enrollments-tab-${id}`);
  }

  search(kind: 'individual' | 'group'): Locator {
    return this.page.getByTestId(`enrollments-search-${kind}`);
  }

  freshness(kind: 'individual' | 'group'): Locator {
    return this.page.getByTestId(`enrollments-freshness-${kind}`);
  }

  /** The data rows of the grid on screen (the header row excluded). */
  get rows(): Locator {
    return this.page.locator('.MuiDataGrid-row');
  }

  row(id: string): Locator {
    return this.rows.filter({ has: this.page.getByRole('gridcell', { name: id, exact: true }) });
  }

  dialog(name: string): Locator {
    return this.page.getByRole('dialog', { name });
  }

  field(dialog: Locator, label: string): Locator {
    return dialog.getByLabel(label, { exact: false }).first();
  }
}

/**
 * Every symmetric key the console's sandbox holds, read over the DPS service REST API with the
 * sandbox's owner key from its data dir (as an operator's script would): what no frame may carry
 * unless the operator asked for it.
 */
export async function sandboxKeys(consoleDataDir: string, provisioningHost: string): Promise<string[]> {
  const config = JSON.parse(readFileSync(join(consoleDataDir, 'sandbox', 'sandbox.json'), 'utf8')) as { dps: { primaryKey: string } };
  const ca = readFileSync(join(consoleDataDir, 'sandbox', 'ca.pem'), 'utf8');
  const expiry = Math.floor(Date.now() / 1000) + 600;
  const sig = createHmac('sha256', Buffer.from(config.dps.primaryKey, 'base64')).update(`${provisioningHost}\n${expiry}`).digest('base64');
  const authorization = `SharedAccessSignature sr=${provisioningHost}&sig=${encodeURIComponent(sig)}&se=${expiry}&skn=provisioningserviceowner`;
  const [host, port] = provisioningHost.split(':');
  const query = (path: string) =>
    new Promise<Array<{ attestation?: { symmetricKey?: { primaryKey?: string; secondaryKey?: string } } }>>((resolve, reject) => {
      const body = JSON.stringify({ query: '*' });
      const req = request(
        { host, port: Number(port), method: 'POST', path: `${path}?api-version=2021-10-01`, ca, headers: { Authorization: authorization, 'Content-Type': 'application/json', 'x-ms-max-item-count': '10000', 'Content-Length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          res.on('end', () => resolve(JSON.parse(text)));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const docs = [...(await query('/enrollments/query')), ...(await query('/enrollmentGroups/query'))];
  return docs.flatMap((d) => [d.attestation?.symmetricKey?.primaryKey, d.attestation?.symmetricKey?.secondaryKey]).filter((k): k is string => Boolean(k));
}
