import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '../fixtures/console.ts';
import { ConsolePage } from '../pages/console-page.ts';
import { ProfilesPage } from '../pages/profiles-page.ts';
import { SettingsPage } from '../pages/settings-page.ts';

test.describe('with the OS in light mode', () => {
  test.use({ colorScheme: 'light' });

  test('the app-bar toggle switches to dark and back, and the choice survives a reload', async ({ consoleServer, page }) => {
    const app = new ConsolePage(page);
    await app.open(consoleServer.url);
    const light = await app.backgroundColor();
    await app.switchToDarkButton.click();
    await expect.poll(() => app.backgroundColor()).not.toBe(light);
    const dark = await app.backgroundColor();
    await app.reload();
    await expect(app.switchToLightButton).toBeVisible();
    expect(await app.backgroundColor()).toBe(dark);
    await app.switchToLightButton.click();
    await expect.poll(() => app.backgroundColor()).toBe(light);
  });

  test('the console speaks Japanese when chosen in Settings, after a reload too, and English again', async ({ consoleServer, page }) => {
    const app = new ConsolePage(page);
    const settings = new SettingsPage(app);
    await app.open(consoleServer.url);
    await settings.open();
    await settings.chooseLanguage('ja', 'ja');
    await expect(app.heading).toHaveText('設定');
    await expect(app.navLink('devices')).toHaveText('デバイス');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await app.reload();
    await expect(app.heading).toHaveText(app.text('areas.settings.title'));
    await settings.chooseLanguage('en', 'en');
    await expect(app.heading).toHaveText('Settings');
    await expect(app.navLink('devices')).toHaveText('Devices');
  });
});

test.describe('with the OS in dark mode', () => {
  test.use({ colorScheme: 'dark' });

  test('the console follows the OS until Settings overrides it', async ({ consoleServer, page }) => {
    const app = new ConsolePage(page);
    const settings = new SettingsPage(app);
    await app.open(consoleServer.url);
    await expect(app.switchToLightButton).toBeVisible();
    const dark = await app.backgroundColor();
    await settings.open();
    await settings.chooseTheme('light');
    await expect(app.switchToDarkButton).toBeVisible();
    await expect.poll(() => app.backgroundColor()).not.toBe(dark);
    await settings.chooseTheme('system');
    await expect.poll(() => app.backgroundColor()).toBe(dark);
  });
});

test.describe('with the OS in Japanese', () => {
  test.use({ locale: 'ja-JP' });

  test('the console starts in Japanese', async ({ consoleServer, page }) => {
    const app = new ConsolePage(page, 'ja');
    await app.open(consoleServer.url);
    await expect(app.navLink('settings')).toBeVisible();
    await app.goTo('about');
    await expect(app.heading).toHaveText('バージョン情報');
  });

  // Field errors come from the main process by key, so they read in the console's language too.
  test('a bad connection string is named in Japanese beside its field', async ({ consoleServer, page }) => {
    const app = new ConsolePage(page, 'ja');
    const profiles = new ProfilesPage(app);
    await app.open(consoleServer.url);
    await profiles.open();
    await profiles.startNew();
    // Everything else is well-formed, so the main process (not the request schema) judges the string.
    const key = Buffer.alloc(32, 7).toString('base64');
    await profiles.fillKeysProfile({
      name: 'Bad key',
      dps: 'HostName=my-dps.azure-devices-provisioning.net;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=not*base64!',
      idScope: '0ne00ABC123',
      hub: `HostName=my-hub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${key}`,
    });
    await profiles.save();
    await expect(await profiles.fieldMessage('profileManager.dpsConnectionString')).toHaveText(
      'SharedAccessKey が有効な base64 ではありません (途中で切れているか、余分な文字が含まれている可能性があります)',
    );
  });
});

test.describe('preferences kept by the console', () => {
  test.use({ colorScheme: 'light' });

  test('theme and language chosen in one browser open the same in a fresh browser after a restart', async ({ consoleServer, page, browser }) => {
    const app = new ConsolePage(page);
    const settings = new SettingsPage(app);
    await app.open(consoleServer.url);
    const light = await app.backgroundColor();
    await settings.open();
    await settings.chooseTheme('dark');
    await settings.chooseLanguage('ja', 'ja');
    await expect(app.heading).toHaveText('設定');
    // The choice reaches the main process before the restart, then a browser with no storage of its own opens the console.
    await expect.poll(async () => JSON.parse(await readFile(join(consoleServer.dataDir, 'console-settings.json'), 'utf8')).language).toBe('ja');
    const url = await consoleServer.restart();
    const fresh = await browser.newContext({ colorScheme: 'light' });
    try {
      const other = new ConsolePage(await fresh.newPage(), 'ja');
      await other.open(url);
      await expect(other.navLink('devices')).toHaveText('デバイス');
      await expect.poll(() => other.backgroundColor()).not.toBe(light);
    } finally {
      await fresh.close();
    }
  });
});
