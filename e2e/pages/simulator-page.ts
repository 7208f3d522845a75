import type { Locator } from '@playwright/test';
import type { ConsolePage } from './console-page.ts';

type Counter = 'devices' | 'provisioned' | 'connected' | 'messagesPerSecond' | 'messagesSent' | 'errors';

/** The Simulator page: controls, the start dialog, counters, the device table and a device's log. */
export class SimulatorPage {
  readonly app: ConsolePage;

  constructor(app: ConsolePage) {
    this.app = app;
  }

  button(key: string): Locator {
    return this.app.page.getByRole('button', { name: this.app.text(key), exact: true });
  }

  get startDialog(): Locator {
    return this.app.page.getByRole('dialog', { name: this.app.text('simulator.form.title') });
  }

  field(key: string): Locator {
    return this.startDialog.getByLabel(this.app.text(key), { exact: true });
  }

  /** A counter tile's number. */
  counter(name: Counter): Locator {
    return this.app.page.getByTestId(`simulator-counter-${name}`).getByLabel(this.app.text(`simulator.counters.${name}`), { exact: true });
  }

  get state(): Locator {
    return this.app.page.getByTestId('simulator-state');
  }

  deviceRow(id: string): Locator {
    return this.app.page.getByRole('row').filter({ has: this.app.page.getByRole('gridcell', { name: id, exact: true }) });
  }

  deviceDialog(id: string): Locator {
    return this.app.page.getByRole('dialog', { name: id });
  }

  get deviceLog(): Locator {
    return this.app.page.getByTestId('simulator-device-log');
  }

  get stopDialog(): Locator {
    return this.app.page.getByRole('dialog', { name: this.app.text('simulator.stopConfirm.title') });
  }
}
