import type { Locator } from '@playwright/test';
import type { ConsolePage } from './console-page.ts';
import { featureText } from './feature-text.ts';

/** The jobs area's English text for `key` (below "jobs."). */
export const jobsText = (key: string, values: Record<string, string | number> = {}): string => featureText('jobs', key, values);

/** The Jobs page: schedule dialog, job list with live counts. */
export class JobsPage {
  readonly app: ConsolePage;

  constructor(app: ConsolePage) {
    this.app = app;
  }

  get scheduleButton(): Locator {
    return this.app.page.getByRole('button', { name: jobsText('schedule') });
  }

  get dialog(): Locator {
    return this.app.page.getByRole('dialog', { name: jobsText('scheduleTitle') });
  }

  field(key: string): Locator {
    return this.dialog.getByRole('textbox', { name: jobsText(key) });
  }

  get previewButton(): Locator {
    return this.dialog.getByRole('button', { name: jobsText('preview') });
  }

  get confirmButton(): Locator {
    return this.dialog.getByRole('button', { name: jobsText('scheduleConfirm') });
  }

  counts(jobId: string): Locator {
    return this.app.page.getByTestId(`job-${jobId}-counts`);
  }

  /** The Results button on the job's row in the list. */
  resultsButton(jobId: string): Locator {
    return this.app.page.getByTestId(`job-${jobId}`).getByRole('button', { name: jobsText('results') });
  }

  resultsDialog(jobId: string): Locator {
    return this.app.page.getByRole('dialog', { name: jobsText('resultsTitle', { jobId }) });
  }

  /** One device's row in a job's per-device results. */
  resultRow(jobId: string, deviceId: string): Locator {
    return this.resultsDialog(jobId)
      .getByRole('table', { name: jobsText('resultsTitle', { jobId }) })
      .getByRole('row')
      .filter({ has: this.app.page.getByRole('cell', { name: deviceId, exact: true }) });
  }

  radio(key: string): Locator {
    return this.dialog.getByRole('radio', { name: jobsText(key) });
  }

  get list(): Locator {
    return this.app.page.getByRole('table', { name: jobsText('list') });
  }
}
