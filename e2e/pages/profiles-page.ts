import { expect, type Locator } from '@playwright/test';
import type { ConsolePage } from './console-page.ts';

/** Settings → Connection profiles: the list, the create/edit form and its dialogs. */
export class ProfilesPage {
  readonly app: ConsolePage;

  constructor(app: ConsolePage) {
    this.app = app;
  }

  async open(): Promise<void> {
    await this.app.goTo('settings');
    await this.section.waitFor();
  }

  get section(): Locator {
    return this.app.page.getByRole('region', { name: this.app.text('profileManager.heading') });
  }

  row(name: string): Locator {
    return this.section.getByTestId(`profile-row-${name}`);
  }

  get form(): Locator {
    return this.app.page.getByRole('dialog', { name: this.app.text('profileManager.createTitle') });
  }

  field(labelKey: string, values?: Record<string, string | number>): Locator {
    return this.form.getByRole('textbox', { name: this.app.text(labelKey, values), exact: true });
  }

  async startNew(): Promise<void> {
    await this.section.getByRole('button', { name: this.app.text('profileManager.new') }).click();
    await this.form.waitFor();
  }

  async fillKeysProfile(p: { name: string; dps: string; idScope: string; hub: string }): Promise<void> {
    await this.field('profileManager.name').fill(p.name);
    await this.field('profileManager.dpsConnectionString').fill(p.dps);
    await this.field('profileManager.idScope').fill(p.idScope);
    await this.field('profileManager.hubConnectionString', { n: 1 }).fill(p.hub);
  }

  async save(): Promise<void> {
    await this.form.getByRole('button', { name: this.app.text('profileManager.save') }).click();
  }

  /** The helper/error text under a form field, found through the field's aria-describedby. */
  /** The message under a field, once the field names one (a save's answer may still be on its way). */
  async fieldMessage(labelKey: string, values?: Record<string, string | number>): Promise<Locator> {
    const field = this.field(labelKey, values);
    await expect(field).toHaveAttribute('aria-describedby', /\S/);
    const describedBy = await field.getAttribute('aria-describedby');
    return this.app.page.locator(`[id="${describedBy}"]`);
  }

  async testConnection(name: string): Promise<void> {
    await this.row(name).getByRole('button', { name: this.app.text('profileManager.test') }).click();
  }

  get testResults(): Locator {
    return this.app.page.getByTestId('connection-test-results');
  }

  async closeTestResults(): Promise<void> {
    await this.app.page.getByRole('dialog').getByRole('button', { name: this.app.text('profileManager.close') }).click();
  }

  get vaultStatus(): Locator {
    return this.section.getByTestId('vault-status');
  }

  /** Sets or changes the passphrase, or unlocks: the vault panel offers one at a time. */
  async submitPassphrase(labelKey: 'vault.passphraseLabel' | 'vault.unlockLabel', buttonKey: 'vault.setPassphrase' | 'vault.unlock', passphrase: string): Promise<void> {
    await this.section.getByLabel(this.app.text(labelKey)).fill(passphrase);
    await this.section.getByRole('button', { name: this.app.text(buttonKey) }).click();
  }

  async exportToFile(): Promise<string> {
    const download = this.app.page.waitForEvent('download');
    await this.section.getByRole('button', { name: this.app.text('profileManager.export') }).click();
    return (await download).path();
  }

  async importFile(path: string): Promise<void> {
    await this.section.getByTestId('profile-import-input').setInputFiles(path);
  }

  async activateFromAppBar(name: string): Promise<void> {
    await this.app.profileSwitcher.click();
    await this.app.page.getByRole('option', { name: new RegExp(`^${name} · `) }).click();
  }
}
