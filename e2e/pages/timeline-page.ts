import { readFileSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import type { ConsolePage } from './console-page.ts';

type Tree = { [key: string]: string | Tree };

// The Timeline area keeps its texts in its own folder (features/timeline/locales), read here so a
// renamed label breaks the spec loudly.
const texts: Record<string, Tree> = {
  en: JSON.parse(readFileSync(new URL('../../src-renderer/features/timeline/locales/en.json', import.meta.url), 'utf8')) as Tree,
  ja: JSON.parse(readFileSync(new URL('../../src-renderer/features/timeline/locales/ja.json', import.meta.url), 'utf8')) as Tree,
};

/** The Timeline area: its tabs, the device search, the funnel's filters and counts, the inventory. */
export class TimelinePage {
  readonly app: ConsolePage;

  constructor(app: ConsolePage) {
    this.app = app;
  }

  text(key: string, values: Record<string, string | number> = {}): string {
    let node: string | Tree | undefined = texts[this.app.language];
    for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
    if (typeof node !== 'string') throw new Error(`no timeline text for ${key}`);
    return node.replace(/\{\{(\w+)\}\}/g, (_whole, name: string) => String(values[name] ?? `{{${name}}}`));
  }

  tab(id: 'device' | 'funnel' | 'inventory' | 'reconcile'): Locator {
    return this.app.page.getByRole('tab', { name: this.text(`tabs.${id}`) });
  }

  get pollButton(): Locator {
    return this.app.page.getByRole('button', { name: this.text('pollNow') });
  }

  async openDevice(id: string): Promise<void> {
    await this.tab('device').click();
    await this.app.page.getByLabel(this.text('device.search')).fill(id);
    await this.app.page.getByRole('button', { name: this.text('device.open'), exact: true }).click();
  }

  get deviceEvents(): Locator {
    return this.app.page.getByTestId('device-events');
  }

  eventRow(kind: string): Locator {
    return this.deviceEvents.locator(`tr[data-kind="${kind}"]`);
  }

  fact(id: string): Locator {
    return this.app.page.getByTestId(`device-${id}`);
  }

  stageCount(stage: string): Locator {
    return this.app.page.getByTestId(`funnel-${stage}`);
  }

  filter(labelKey: string): Locator {
    return this.app.page.getByRole('main').getByLabel(this.text(labelKey), { exact: true });
  }

  get inventorySearch(): Locator {
    return this.app.page.getByLabel(this.text('inventory.search'));
  }

  get exportInventoryButton(): Locator {
    return this.app.page.getByRole('button', { name: this.text('inventory.exportCsv') });
  }

  get inventoryGrid(): Locator {
    return this.app.page.getByRole('grid', { name: this.text('tabs.inventory') });
  }
}
