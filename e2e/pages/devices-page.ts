import type { Locator } from '@playwright/test';
import type { ConsolePage } from './console-page.ts';
import { featureText } from './feature-text.ts';

/** The devices area's English text for `key` (below "devices."). */
export const devicesText = (key: string, values: Record<string, string | number> = {}): string => featureText('devices', key, values);

/** The Devices page: query builder, device list, and one device's tabs. */
export class DevicesPage {
  readonly app: ConsolePage;

  constructor(app: ConsolePage) {
    this.app = app;
  }

  private t(key: string, values?: Record<string, string | number>): string {
    return devicesText(key, values);
  }

  get addConditionButton(): Locator {
    return this.app.page.getByRole('button', { name: this.t('addCondition') });
  }

  condition(n: number): Locator {
    return this.app.page.getByRole('group', { name: this.t('conditionLabel', { n }) });
  }

  /** Fills condition n (1-based): field (by its label key under devices.fields), path, value; operator stays "equals". */
  async setCondition(n: number, field: string, path: string, value: string): Promise<void> {
    const row = this.condition(n);
    await row.getByRole('combobox', { name: this.t('field') }).click();
    await this.app.page.getByRole('option', { name: this.t(`fields.${field}`), exact: true }).click();
    await row.getByRole('textbox', { name: this.t('path') }).fill(path);
    await row.getByRole('textbox', { name: this.t('value') }).fill(value);
  }

  get rawQuery(): Locator {
    return this.app.page.getByRole('textbox', { name: this.t('rawQuery') });
  }

  get runButton(): Locator {
    return this.app.page.getByRole('button', { name: this.t('runQuery') });
  }

  get table(): Locator {
    return this.app.page.getByRole('grid', { name: this.t('table') });
  }

  row(deviceId: string): Locator {
    return this.table.getByRole('row').filter({ hasText: deviceId });
  }

  get rows(): Locator {
    return this.table.getByRole('row').filter({ has: this.app.page.getByRole('gridcell') });
  }

  tab(id: 'twin' | 'methods' | 'identity' | 'message'): Locator {
    return this.app.page.getByRole('tab', { name: this.t(`tabs.${id}`) });
  }

  get refreshButton(): Locator {
    return this.app.page.getByRole('button', { name: this.t('refresh') });
  }

  get editTwinButton(): Locator {
    return this.app.page.getByRole('button', { name: this.t('editTwin') });
  }

  get editDialog(): Locator {
    return this.app.page.getByRole('dialog');
  }

  get desiredEditor(): Locator {
    return this.editDialog.getByRole('textbox', { name: this.t('sections.desired') });
  }

  get sendPatchButton(): Locator {
    return this.editDialog.getByRole('button', { name: this.t('sendPatch') });
  }

  ackState(property: string): Locator {
    return this.app.page.getByTestId(`desired-ack-${property}`);
  }

  get methodName(): Locator {
    return this.app.page.getByRole('textbox', { name: this.t('methodName') });
  }

  get payload(): Locator {
    return this.app.page.getByRole('textbox', { name: this.t('payload') });
  }

  get invokeButton(): Locator {
    return this.app.page.getByRole('button', { name: this.t('invoke'), exact: true });
  }

  get methodResponse(): Locator {
    return this.app.page.getByTestId('method-response');
  }

  get methodHistory(): Locator {
    return this.app.page.getByRole('table', { name: this.t('methodHistory') });
  }

  get monitorButton(): Locator {
    return this.app.page.getByRole('button', { name: this.t('monitor.title'), exact: true });
  }

  get monitorStart(): Locator {
    return this.app.page.getByRole('button', { name: this.t('monitor.start'), exact: true });
  }

  get monitorStop(): Locator {
    return this.app.page.getByRole('button', { name: this.t('monitor.stop'), exact: true });
  }

  get monitorClear(): Locator {
    return this.app.page.getByRole('button', { name: this.t('monitor.clear'), exact: true });
  }

  /** Chooses where the next monitor starts: 'now' or 'recent' (what the hub still holds). */
  async monitorFrom(from: 'now' | 'recent'): Promise<void> {
    await this.app.page.getByRole('combobox', { name: this.t('monitor.from') }).click();
    await this.app.page.getByRole('option', { name: this.t(from === 'now' ? 'monitor.fromNow' : 'monitor.fromRecent'), exact: true }).click();
  }

  get monitorEvents(): Locator {
    return this.app.page.getByRole('grid', { name: this.t('monitor.events') });
  }

  get monitorDeviceIds(): Locator {
    return this.app.page.getByRole('textbox', { name: this.t('monitor.deviceIds') });
  }

  get inspector(): Locator {
    return this.app.page.getByRole('region', { name: this.t('monitor.inspector') });
  }
}
