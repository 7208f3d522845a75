import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { systemLanguage, type Language, type LanguagePreference } from './language.ts';
import { translationsFor } from './resources.ts';

export { LANGUAGES, systemLanguage, type Language, type LanguagePreference } from './language.ts';

const STORAGE_KEY = 'bench.language';

export function readLanguagePreference(): LanguagePreference {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' || stored === 'ja' ? stored : 'system';
}

export function resolveLanguage(preference: LanguagePreference): Language {
  return preference === 'system' ? systemLanguage(navigator.languages) : preference;
}

/** Stores the choice and switches the whole console to it at once. */
export function applyLanguagePreference(preference: LanguagePreference): void {
  if (preference === 'system') localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, preference);
  void i18next.changeLanguage(resolveLanguage(preference));
}

i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

// Resources are bundled: small JSON files cost less than a round trip at start-up.
void i18next.use(initReactI18next).init({
  resources: { en: { translation: translationsFor('en') }, ja: { translation: translationsFor('ja') } },
  lng: resolveLanguage(readLanguagePreference()),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

// Following the OS means following it while running too.
window.addEventListener('languagechange', () => {
  if (readLanguagePreference() === 'system') void i18next.changeLanguage(systemLanguage(navigator.languages));
});

export { i18next };
