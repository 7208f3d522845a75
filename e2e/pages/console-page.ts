import type { Locator, Page } from '@playwright/test';
import { consoleText, type Language } from './console-text.ts';

/** The frame around every page: app bar, drawer, the page's heading, the ready marker. */
export class ConsolePage {
  readonly page: Page;
  language: Language;

  /** Uncaught exceptions and console errors of the page, e.g. a CSP violation or a React warning. */
  readonly problems: string[] = [];

  constructor(page: Page, language: Language = 'en') {
    this.page = page;
    this.language = language;
    page.on('pageerror', (error) => this.problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') this.problems.push(`console: ${message.text()} at ${message.location().url}`);
    });
  }

  text(key: string, values?: Record<string, string | number>): string {
    return consoleText(this.language, key, values);
  }

  /** Opens `url` (the launch link, or an address in an already signed-in context) and waits until the console is connected. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.waitUntilReady();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.waitUntilReady();
  }

  /** The frame is up and the main process answers; replaces any sleep before interacting. */
  async waitUntilReady(): Promise<void> {
    await this.page.getByTestId('app-ready').waitFor({ state: 'attached' });
  }

  get drawer(): Locator {
    return this.page.getByRole('navigation', { name: this.text('nav.label') });
  }

  navLink(areaId: string): Locator {
    return this.drawer.getByRole('link', { name: this.text(`areas.${areaId}.title`), exact: true });
  }

  async goTo(areaId: string): Promise<void> {
    await this.navLink(areaId).click();
  }

  /** The current page's one h1. */
  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  get appName(): Locator {
    return this.page.getByRole('banner').getByText(this.text('app.name'), { exact: true });
  }

  get switchToDarkButton(): Locator {
    return this.page.getByRole('button', { name: this.text('theme.switchToDark') });
  }

  get switchToLightButton(): Locator {
    return this.page.getByRole('button', { name: this.text('theme.switchToLight') });
  }

  get profileSwitcher(): Locator {
    return this.page.getByRole('combobox', { name: this.text('profiles.switcherLabel') });
  }

  /** The tooltip's text is the accessible description of the wrapped switcher. */
  get profileSwitcherTooltip(): Locator {
    return this.page.getByRole('tooltip');
  }

  /** The snackbar showing the current notification. */
  get notification(): Locator {
    return this.page.getByRole('alert').filter({ has: this.page.getByRole('button', { name: this.text('notifications.close') }) });
  }

  get dismissNotificationButton(): Locator {
    return this.notification.getByRole('button', { name: this.text('notifications.close') });
  }

  get shortcutsDialog(): Locator {
    return this.page.getByRole('dialog', { name: this.text('shortcuts.title') });
  }

  /** What the error boundary shows in place of a page that crashed. */
  get pageCrashed(): Locator {
    return this.page.getByRole('alert').filter({ hasText: this.text('errors.pageCrashed') });
  }

  get reloadPageButton(): Locator {
    return this.page.getByRole('button', { name: this.text('errors.reloadPage') });
  }

  get connectionLost(): Locator {
    return this.page.getByTestId('connection-lost');
  }

  /** The colour the page is painted with, as the browser computed it. */
  async backgroundColor(): Promise<string> {
    return this.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  }

  /** Ctrl+<digit>; the console treats Cmd the same on macOS. */
  async pressAreaShortcut(position: number): Promise<void> {
    await this.page.keyboard.press(`Control+${position}`);
  }
}
