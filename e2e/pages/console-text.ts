import { existsSync, readdirSync, readFileSync } from 'node:fs';

export type Language = 'en' | 'ja';

type Tree = { [key: string]: string | Tree };

// The specs read the console's own i18n files so a renamed label breaks here loudly, not silently.
const resources: Record<Language, Tree> = {
  en: JSON.parse(readFileSync(new URL('../../src-renderer/app/i18n/en.json', import.meta.url), 'utf8')) as Tree,
  ja: JSON.parse(readFileSync(new URL('../../src-renderer/app/i18n/ja.json', import.meta.url), 'utf8')) as Tree,
};

// Each feature's own texts (src-renderer/features/<area>/locales/<lang>.json) sit under its area's key, as the renderer loads them.
const featuresDir = new URL('../../src-renderer/features/', import.meta.url);
for (const area of readdirSync(featuresDir)) {
  for (const language of ['en', 'ja'] as const) {
    const file = new URL(`${area}/locales/${language}.json`, featuresDir);
    if (existsSync(file) && !(area in resources[language])) resources[language][area] = JSON.parse(readFileSync(file, 'utf8')) as Tree;
  }
}

/** The console's text for `key` in `language`, with {{placeholders}} filled from `values`. */
export function consoleText(language: Language, key: string, values: Record<string, string | number> = {}): string {
  let node: string | Tree | undefined = resources[language];
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`no ${language} text for ${key}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_whole, name: string) => String(values[name] ?? `{{${name}}}`));
}

/** Every area the console has a title for, i.e. every entry the drawer must offer. */
export function areaIds(): string[] {
  return Object.keys(resources.en.areas as Tree);
}
