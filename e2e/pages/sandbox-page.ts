import type { Locator } from '@playwright/test';
import type { ConsolePage } from './console-page.ts';

type EndpointFact = 'id-scope' | 'provisioning-host' | 'hub-1' | 'hub-2' | 'ca-path';
type ProcessFact = 'state' | 'pid' | 'uptime' | 'restarts';
type CountFact = 'enrollments' | 'enrollment-groups' | 'registrations' | 'hub-1-devices' | 'hub-2-devices';

/** The Sandbox page: endpoints, process status, contents, restart and reset (with its dialog). */
export class SandboxPage {
  readonly app: ConsolePage;

  constructor(app: ConsolePage) {
    this.app = app;
  }

  endpoint(id: EndpointFact): Locator {
    return this.app.page.getByTestId(`sandbox-${id}`);
  }

  process(id: ProcessFact): Locator {
    return this.app.page.getByTestId(`sandbox-${id}`);
  }

  count(id: CountFact): Locator {
    return this.app.page.getByTestId(`sandbox-count-${id}`);
  }

  copyButton(labelKey: string, values?: Record<string, string | number>): Locator {
    return this.app.page.getByRole('button', { name: this.app.text('sandbox.copy', { label: this.app.text(labelKey, values) }) });
  }

  get section(): Locator {
    return this.app.page.getByRole('main');
  }

  get refreshCountsButton(): Locator {
    return this.app.page.getByRole('button', { name: this.app.text('sandbox.refreshCounts') });
  }

  get resetButton(): Locator {
    return this.app.page.getByRole('button', { name: this.app.text('sandbox.reset'), exact: true });
  }

  get resetDialog(): Locator {
    return this.app.page.getByRole('dialog', { name: this.app.text('sandbox.resetTitle') });
  }

  get confirmResetButton(): Locator {
    return this.resetDialog.getByRole('button', { name: this.app.text('sandbox.resetConfirm') });
  }

  get cancelResetButton(): Locator {
    return this.resetDialog.getByRole('button', { name: this.app.text('sandbox.cancel') });
  }
}
