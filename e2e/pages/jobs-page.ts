import { readFileSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import type { ConsolePage } from './console-page.ts';

type Tree = { [key: string]: string | Tree };
const texts = JSON.parse(readFileSync(new URL('../../src-renderer/features/jobs/locales/en.json', import.meta.url), 'utf8')) as Tree;

/** The Jobs area's English text for `key` (below "jobs."), placeholders filled. */
export function jobsText(key: string, values: Record<string, string | number> = {}): string {
  let node: string | Tree | undefined = texts;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`no en text for jobs.${key}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_whole, name: string) => String(values[name] ?? `{{${name}}}`));
}

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

  get list(): Locator {
    return this.app.page.getByRole('table', { name: jobsText('list') });
  }
}
