import { expect, test } from '../fixtures/console.ts';
import { ConsolePage } from '../pages/console-page.ts';
import { ProfilesPage } from '../pages/profiles-page.ts';

test('an Entra ID profile sends the token to a host outside Azure only after the operator ticks the confirmation', async ({ consoleServer, page }) => {
  const app = new ConsolePage(page);
  const profiles = new ProfilesPage(app);
  await app.open(consoleServer.url);
  await profiles.open();
  await profiles.startNew();
  await profiles.field('profileManager.name').fill('Entra behind a proxy');
  await profiles.form.getByRole('combobox', { name: app.text('profileManager.auth') }).click();
  await page.getByRole('option', { name: app.text('profileManager.authEntra') }).click();
  await profiles.field('profileManager.tenantId').fill('contoso-tenant');
  await profiles.field('profileManager.clientId').fill('console-app');
  await profiles.field('profileManager.dpsHost').fill('dps.proxy.contoso.test');
  await profiles.field('profileManager.idScope').fill('0ne00ABC123');
  await profiles.field('profileManager.hubHost', { n: 1 }).fill('contoso.azure-devices.net');

  const confirm = profiles.form.getByRole('checkbox', { name: app.text('profileManager.confirmNonAzureHosts', { hosts: 'dps.proxy.contoso.test' }) });
  await expect(confirm).not.toBeChecked();
  await profiles.save();
  await expect(await profiles.fieldMessage('profileManager.dpsHost')).toContainText(app.text('errors.detail.entraHostNotAzure', { host: 'dps.proxy.contoso.test' }));
  await expect(profiles.row('Entra behind a proxy')).toHaveCount(0);

  await confirm.check();
  await profiles.save();
  await expect(profiles.form).toBeHidden();
  await expect(profiles.row('Entra behind a proxy')).toBeVisible();
});
