import type { Locator } from '@playwright/test';
import type { ConsolePage } from './console-page.ts';

/** Settings → Appearance: the theme and language choices. */
export class SettingsPage {
  readonly app: ConsolePage;

  constructor(app: ConsolePage) {
    this.app = app;
  }

  async open(): Promise<void> {
    await this.app.goTo('settings');
  }

  get themeSelect(): Locator {
    return this.app.page.getByRole('combobox', { name: this.app.text('theme.label') });
  }

  get languageSelect(): Locator {
    return this.app.page.getByRole('combobox', { name: this.app.text('language.label') });
  }

  /** Picks 'system' | 'light' | 'dark' from the theme list. */
  async chooseTheme(mode: 'system' | 'light' | 'dark'): Promise<void> {
    await this.themeSelect.click();
    await this.app.page.getByRole('option', { name: this.app.text(`theme.${mode}`) }).click();
  }

  /** Picks a language; the page object then reads the app's text in that language. */
  async chooseLanguage(choice: 'system' | 'en' | 'ja', thenReadIn: 'en' | 'ja'): Promise<void> {
    await this.languageSelect.click();
    await this.app.page.getByRole('option', { name: this.app.text(`language.${choice}`) }).click();
    this.app.language = thenReadIn;
  }
}
