import type { Locator } from '@playwright/test';
import type { ConsolePage } from './console-page.ts';

/** Status (main-process ping) and About (versions): the two pages that prove the contract answers. */
export class StatusPage {
  readonly app: ConsolePage;

  constructor(app: ConsolePage) {
    this.app = app;
  }

  fact(id: 'connection' | 'round-trip' | 'uptime' | 'last-answer' | 'sandbox' | 'profile'): Locator {
    return this.app.page.getByTestId(`status-${id}`);
  }

  get pingFailure(): Locator {
    const prefix = this.app.text('status.pingFailed', { code: '', message: '' }).split(' (')[0]!;
    return this.app.page.getByRole('alert').filter({ hasText: prefix });
  }

  aboutFact(id: 'app' | 'electron' | 'chrome' | 'node' | 'platform' | 'shell'): Locator {
    return this.app.page.getByTestId(`about-${id}`);
  }
}
