import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import type { ConsolePage } from './console-page.ts';

type Tree = { [key: string]: string | Tree };
const serialTexts = JSON.parse(readFileSync(new URL('../../src-renderer/features/serial/locales/en.json', import.meta.url), 'utf8')) as Tree;

/** The Serial area's English text for `key` (under `serial.`), from the feature's own locale file. */
export function serialText(key: string, values: Record<string, string | number> = {}): string {
  let node: string | Tree | undefined = serialTexts;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`no serial text for ${key}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_whole, name: string) => String(values[name] ?? `{{${name}}}`));
}

/** The Serial area: port, group, one-device push with its steps, label, batch, console. */
export class SerialPage {
  readonly app: ConsolePage;

  constructor(app: ConsolePage) {
    this.app = app;
  }

  field(key: string): Locator {
    return this.app.page.getByLabel(serialText(key), { exact: false }).first();
  }

  get portPath(): Locator {
    return this.app.page.getByRole('textbox', { name: serialText('port.manual') });
  }

  get group(): Locator {
    return this.app.page.getByRole('textbox', { name: serialText('group') });
  }

  get registrationId(): Locator {
    return this.app.page.getByRole('textbox', { name: serialText('push.registrationId') });
  }

  get pushButton(): Locator {
    return this.app.page.getByRole('button', { name: serialText('push.start') });
  }

  step(name: string): Locator {
    return this.app.page.getByTestId(`step-${name}`);
  }

  get success(): Locator {
    return this.app.page.getByTestId('push-success');
  }

  get failure(): Locator {
    return this.app.page.getByTestId('push-failure');
  }

  get consoleLog(): Locator {
    return this.app.page.getByTestId('serial-console');
  }

  get labelQr(): Locator {
    return this.app.page.getByTestId('label-qr');
  }

  tab(key: 'single' | 'batch'): Locator {
    return this.app.page.getByRole('tab', { name: serialText(`tabs.${key}`) });
  }

  get queueCsv(): Locator {
    return this.app.page.getByRole('textbox', { name: serialText('batch.csv') });
  }

  button(key: string): Locator {
    return this.app.page.getByRole('button', { name: serialText(key) });
  }
}

/**
 * Makes a symmetric-key enrollment group in a console's sandbox from outside the console (the DPS
 * service REST API with the owner key from its data dir), and returns the group's primary key.
 */
export async function createSymmetricGroup(consoleDataDir: string, groupId: string): Promise<{ groupKey: string; caPath: string; provisioningHost: string }> {
  const dataDir = join(consoleDataDir, 'sandbox');
  const config = JSON.parse(readFileSync(join(dataDir, 'sandbox.json'), 'utf8')) as { dps: { primaryKey: string; port: number } };
  const provisioningHost = `127.0.0.1:${config.dps.port}`;
  const caPath = join(dataDir, 'ca.pem');
  const expiry = Math.floor(Date.now() / 1000) + 600;
  const sig = createHmac('sha256', Buffer.from(config.dps.primaryKey, 'base64')).update(`${provisioningHost}\n${expiry}`).digest('base64');
  const body = JSON.stringify({ enrollmentGroupId: groupId, attestation: { type: 'symmetricKey' } });
  const text = await new Promise<string>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: config.dps.port,
        method: 'PUT',
        path: `/enrollmentGroups/${groupId}?api-version=2021-10-01`,
        ca: readFileSync(caPath, 'utf8'),
        headers: { Authorization: `SharedAccessSignature sr=${provisioningHost}&sig=${encodeURIComponent(sig)}&se=${expiry}&skn=provisioningserviceowner`, 'Content-Type': 'application/json' },
      },
      (res) => {
        let out = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (out += chunk));
        res.on('end', () => ((res.statusCode ?? 0) < 300 ? resolve(out) : reject(new Error(`enrollment group: ${res.statusCode} ${out}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  const group = JSON.parse(text) as { attestation: { symmetricKey: { primaryKey: string } } };
  return { groupKey: group.attestation.symmetricKey.primaryKey, caPath, provisioningHost };
}
