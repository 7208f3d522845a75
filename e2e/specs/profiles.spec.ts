import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from '@playwright/test';
import { expect, test, type ConsoleServer } from '../fixtures/console.ts';
import { ConsolePage } from '../pages/console-page.ts';
import { ProfilesPage } from '../pages/profiles-page.ts';

interface SandboxInfo {
  idScope: string;
  dpsConnectionString: string;
  hubs: Array<{ hostName: string; connectionString: string }>;
  caCertificatePath: string;
}

const root = new URL('../..', import.meta.url).pathname;

/**
 * A sandbox of the test's own, started through the CLI: its connection strings play the part of
 * an Azure environment's (the console's built-in sandbox never hands its keys to a test).
 */
async function startSandbox(dataDir: string): Promise<{ info: SandboxInfo; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(root, 'bin/provisioning-bench.mjs'), 'sandbox', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`sandbox exited early (${code})`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  child.removeAllListeners('exit');
  return { info: JSON.parse(line) as SandboxInfo, child };
}

function keyOf(connectionString: string): string {
  return /SharedAccessKey=([^;]+)/.exec(connectionString)![1]!;
}

interface Frame {
  direction: 'sent' | 'received';
  text: string;
}

/** Records every WebSocket frame of the page in both directions, across reconnects. */
function recordFrames(page: Page): Frame[] {
  const frames: Frame[] = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => frames.push({ direction: 'sent', text: String(f.payload) }));
    ws.on('framereceived', (f) => frames.push({ direction: 'received', text: String(f.payload) }));
  });
  return frames;
}

test('an Azure profile is created, switched to, survives a restart, and no key ever comes back from the main process', async ({ consoleServer, page }) => {
  // Three sandboxes (ours, and the console's before and after the restart) start on shared cores.
  test.setTimeout(240_000);
  const sandboxDir = await mkdtemp(join(tmpdir(), 'pb-e2e-sandbox-'));
  const { info, child } = await startSandbox(sandboxDir);
  try {
    await journey(consoleServer, page, info);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(sandboxDir, { recursive: true, force: true });
  }
});

async function journey(consoleServer: ConsoleServer, page: Page, info: SandboxInfo): Promise<void> {
  const DPS = info.dpsConnectionString;
  const HUB = info.hubs[0]!.connectionString;
  const secrets = [DPS, HUB, keyOf(DPS), keyOf(HUB), 'SharedAccessKey='];
  const containsSecret = (text: string) => secrets.some((s) => text.includes(s));
  const dpsHost = /HostName=([^;]+)/.exec(DPS)![1]!;
  const hubHost = info.hubs[0]!.hostName;
  const frames = recordFrames(page);
  const app = new ConsolePage(page);
  const profiles = new ProfilesPage(app);
  await app.open(consoleServer.url);
  await profiles.open();

  await profiles.startNew();
  // Swapped strings are named as such, beside the field they were pasted into.
  await profiles.fillKeysProfile({ name: 'Staging', dps: HUB, idScope: info.idScope, hub: HUB });
  await profiles.field('profileManager.caCertificate').fill(await readFile(info.caCertificatePath, 'utf8'));
  await profiles.save();
  await expect(await profiles.fieldMessage('profileManager.dpsConnectionString')).toContainText('This looks like an IoT Hub connection string');

  await profiles.field('profileManager.dpsConnectionString').fill(DPS);
  await profiles.save();
  await expect(profiles.form).toBeHidden();
  await expect(profiles.row('Staging')).toContainText(`${dpsHost}, ${hubHost}`);

  // One real read per endpoint through the main process's SDK clients, trusting the profile's CA.
  await profiles.testConnection('Staging');
  await expect(profiles.testResults.getByRole('alert')).toHaveText([
    new RegExp(`^DPS ${dpsHost} .*Connected: the credentials were accepted`),
    new RegExp(`^IoT Hub ${hubHost} .*Connected: the credentials were accepted`),
  ]);
  await profiles.closeTestResults();

  await profiles.activateFromAppBar('Staging');
  await expect(app.profileSwitcher).toContainText('Staging');

  const signIn = await consoleServer.restart();
  await app.open(signIn);
  await expect(app.profileSwitcher).toContainText('Staging');
  await profiles.open();
  await expect(profiles.row('Staging')).toContainText(app.text('profileManager.active'));

  const sent = frames.filter((f) => f.direction === 'sent');
  const received = frames.filter((f) => f.direction === 'received');
  expect(received.length).toBeGreaterThan(5);
  expect(received.filter((f) => containsSecret(f.text)).map((f) => f.text.slice(0, 120))).toEqual([]);
  // Keys cross exactly once, inward, in the request that hands them to the vault.
  const carriers = sent.filter((f) => containsSecret(f.text)).map((f) => (JSON.parse(f.text) as { channel: string }).channel);
  expect(carriers).toEqual(['profiles:create', 'profiles:create']);
  expect(sent.some((f) => f.text.includes('"profiles:activate"'))).toBe(true);
}

test('the web shell keeps keys behind a passphrase across a restart, and exports and imports profiles without them', async ({ consoleServer, page }) => {
  test.setTimeout(180_000);
  const key = Buffer.alloc(32, 0x5c).toString('base64');
  const dps = `HostName=bench-e2e.azure-devices-provisioning.net;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=${key}`;
  const hub = `HostName=bench-e2e-hub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${key}`;
  const frames = recordFrames(page);
  const app = new ConsolePage(page);
  const profiles = new ProfilesPage(app);
  await app.open(consoleServer.url);
  await profiles.open();
  await expect(profiles.vaultStatus).toContainText(app.text('vault.mode.session'));

  await profiles.startNew();
  await profiles.fillKeysProfile({ name: 'Prod', dps, idScope: '0ne00E2E002', hub });
  await profiles.save();
  await expect(profiles.row('Prod')).toBeVisible();
  await profiles.submitPassphrase('vault.passphraseLabel', 'vault.setPassphrase', 'correct horse battery');
  await expect(profiles.vaultStatus).toContainText(app.text('vault.mode.passphrase', { backend: 'scrypt+aes-256-gcm' }));

  await app.open(await consoleServer.restart());
  await profiles.open();
  await expect(profiles.vaultStatus).toContainText('The vault is locked');
  await profiles.submitPassphrase('vault.unlockLabel', 'vault.unlock', 'wrong passphrase');
  await expect(profiles.section.getByText('Wrong passphrase')).toBeVisible();
  await profiles.submitPassphrase('vault.unlockLabel', 'vault.unlock', 'correct horse battery');
  await expect(profiles.vaultStatus).not.toContainText('locked');

  const exported = await readFile(await profiles.exportToFile(), 'utf8');
  expect(exported).toContain('bench-e2e-hub.azure-devices.net');
  expect(exported).not.toContain(key);
  const file = await writeTemp(exported);
  await profiles.importFile(file);
  await expect(profiles.row('Prod (2)')).toContainText('bench-e2e.azure-devices-provisioning.net');
  await rm(dirname(file), { recursive: true, force: true });

  expect(frames.filter((f) => f.direction === 'received' && (f.text.includes(key) || f.text.includes('SharedAccessKey='))).length).toBe(0);
  expect(frames.some((f) => f.direction === 'received')).toBe(true);
});

async function writeTemp(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pb-e2e-export-'));
  const path = join(dir, 'profiles.json');
  await writeFile(path, text);
  return path;
}
