import { readFile } from 'node:fs/promises';
import { expect, test } from '../fixtures/console.ts';
import { ConsolePage } from '../pages/console-page.ts';
import { EnrollmentsPage, sandboxKeys } from '../pages/enrollments-page.ts';

test.setTimeout(240_000);

test('an administrator enrolls, imports 50 devices, filters, exports a card and deletes; no frame carries a key the operator did not ask for', async ({ consoleServer, page }) => {
  const received: { at: number; text: string }[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push({ at: Date.now(), text: String(f.payload) })));
  const app = new ConsolePage(page);
  const e = new EnrollmentsPage(app);
  await app.open(consoleServer.url);
  await app.goTo('enrollments');
  await expect(app.heading).toHaveText(app.text('areas.enrollments.title'));
  await expect(e.freshness('individual')).toContainText(e.text('freshness.complete', { count: 0, ago: '' }).trim(), { timeout: 60_000 });

  // An individual symmetric-key enrollment through the form; a wrong id is named beside its field first.
  await page.getByTestId('enrollments-create-individual').click();
  const form = e.dialog(e.text('form.createIndividual'));
  await form.locator('#enrollment-id').fill('Not Valid!');
  await form.getByTestId('enrollment-save').click();
  await expect(form.locator('#enrollment-id-helper-text')).toHaveText(e.text('fieldErrors.idFormat'));
  await form.locator('#enrollment-id').fill('e2e-dev-1');
  await form.locator('#enrollment-initialTwin-tags').fill('{"customer":"Contoso","serialNumber":"E2E-1"}');
  await form.getByTestId('enrollment-save').click();
  await expect(form).toBeHidden();
  await expect(e.row('e2e-dev-1')).toBeVisible();

  // A group through the form.
  await e.tab('group').click();
  await page.getByTestId('enrollments-create-group').click();
  const groupForm = e.dialog(e.text('form.createGroup'));
  await groupForm.locator('#enrollment-id').fill('e2e-group');
  await groupForm.getByTestId('enrollment-save').click();
  await expect(groupForm).toBeHidden();
  await expect(e.row('e2e-group')).toBeVisible();

  // Import 50 devices from a CSV: preview, then the task to its end.
  await e.tab('import').click();
  const csv = ['serialNumber,customer,model', ...Array.from({ length: 50 }, (_, i) => `SN-${String(i + 1).padStart(3, '0')},${i % 2 ? 'Fabrikam' : 'Contoso'},TH-1`)].join('\n');
  await page.getByLabel(e.text('import.template')).fill('imp-{serial}');
  await page.getByTestId('import-file').setInputFiles({ name: 'devices.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('import-counts')).toHaveText(e.text('import.counts', { new: 50, exists: 0, duplicate: 0, invalid: 0 }));
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-outcomes').first()).toContainText(`${e.text('import.outcomes.created')} 50`, { timeout: 60_000 });

  // Filter the table: a quick search, then the customer column.
  await e.tab('individual').click();
  await e.search('individual').fill('imp-sn-00');
  await expect(e.rows).toHaveCount(9);
  await e.search('individual').fill('imp-sn-001');
  await expect(e.rows).toHaveCount(1);

  // A provisioning card for the selected device, behind the "contains secrets" confirmation.
  await e.row('imp-sn-001').getByRole('checkbox').check();
  await page.getByTestId('enrollments-cards').click();
  await expect(page.getByTestId('cards-export')).toBeDisabled();
  await page.getByTestId('cards-confirm-secrets').locator('input').check();
  const cardAsked = Date.now();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cards-export').click()]);
  const card = await readFile((await download.path())!, 'utf8');
  expect(card.split('\r\n')[0]).toBe('idScope,globalEndpoint,registrationId,primaryKey');
  expect(card).toContain('imp-sn-001');

  // Reveal one key on purpose, then delete that enrollment with confirmation.
  await e.search('individual').fill('e2e-dev-1');
  await e.row('e2e-dev-1').getByRole('gridcell', { name: 'e2e-dev-1', exact: true }).click();
  const details = e.dialog('e2e-dev-1');
  await expect(details.getByTestId('key-primary')).toContainText('sha256:');
  const revealAsked = Date.now();
  await details.getByTestId('reveal-primary').click();
  await expect(details.getByTestId('key-primary')).not.toContainText('sha256:');
  const revealed = (await details.getByTestId('key-primary').textContent()) ?? '';
  await details.getByTestId('enrollment-delete').click();
  await page.getByRole('dialog', { name: e.text('details.deleteTitle', { id: 'e2e-dev-1' }) }).getByRole('button', { name: e.text('details.delete') }).click();
  await expect(details).toBeHidden();
  await expect(e.rows).toHaveCount(0);

  // Every key the DPS holds: only the revealed one and the exported card's crossed, and only after they were asked for.
  await e.tab('overview').click();
  const host = (await page.getByTestId('dps-overview-service').textContent()) ?? '';
  const cardKey = card.trim().split('\r\n')[1]!.split(',')[3]!;
  const keys = [...(await sandboxKeys(consoleServer.dataDir, host)), revealed];
  const leaks = keys.flatMap((key) => received.filter((f) => f.text.includes(key)).map((f) => ({ key, at: f.at })));
  expect(leaks.every((l) => (l.key === revealed && l.at >= revealAsked) || (l.key === cardKey && l.at >= cardAsked))).toBe(true);
  expect(leaks.map((l) => l.key).sort()).toEqual([cardKey, revealed].sort());
  expect(app.problems).toEqual([]);
});
