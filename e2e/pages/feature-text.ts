import { readFileSync } from 'node:fs';

type Tree = { [key: string]: string | Tree };
const loaded = new Map<string, Tree>();

/**
 * A feature's English text from its own locale file (src-renderer/features/<area>/locales/en.json),
 * which console-text does not read; `key` is below the area's name, placeholders filled.
 */
export function featureText(area: string, key: string, values: Record<string, string | number> = {}): string {
  let texts = loaded.get(area);
  if (!texts) {
    texts = JSON.parse(readFileSync(new URL(`../../src-renderer/features/${area}/locales/en.json`, import.meta.url), 'utf8')) as Tree;
    loaded.set(area, texts);
  }
  let node: string | Tree | undefined = texts;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`no en text for ${area}.${key}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_whole, name: string) => String(values[name] ?? `{{${name}}}`));
}
