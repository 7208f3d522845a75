import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../src-shared/contract/result.ts';
import { PROFILE_MESSAGE_KEYS, PROFILE_MESSAGES } from '../../../src-shared/domain/profile-messages.ts';
import { translationsFor, type Tree } from './resources.ts';

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

// Vite's glob (not Node's fs): this test lives in the renderer's type room, which has no Node types.
const sources = import.meta.glob<string>(['../../**/*.{ts,tsx}', '!../../**/*.test.{ts,tsx}'], { query: '?raw', import: 'default', eager: true });
const tsxSources = Object.entries(sources).filter(([path]) => path.endsWith('.tsx'));
const english = flatten(translationsFor('en'));
const japanese = flatten(translationsFor('ja'));

describe('i18n resources', () => {
  it('has the same keys in English and Japanese', () => {
    expect([...japanese.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('has no empty text', () => {
    const empty = [...english, ...japanese].filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const mismatched = [...english].filter(([key, text]) => JSON.stringify(placeholders(text)) !== JSON.stringify(placeholders(japanese.get(key) ?? '')));
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });

  it('defines every literal key the code asks for', () => {
    const missing: string[] = [];
    for (const [path, text] of Object.entries(sources)) {
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        if (!english.has(match[1]!)) missing.push(`${path}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  // Keys the main process sends are not literal in renderer code, so they are listed from their source.
  it('translates every message key the shared domain can emit, and every error code', () => {
    const wanted = [...PROFILE_MESSAGE_KEYS.map((key) => `errors.detail.${key}`), ...ERROR_CODES.map((code) => `errors.code.${code}`)];
    expect(wanted.filter((key) => !english.has(key) || !japanese.has(key))).toEqual([]);
  });

  it('words each English message exactly as the main process does, so a translation never drifts from its source', () => {
    const drifted = PROFILE_MESSAGE_KEYS.filter((key) => english.get(`errors.detail.${key}`) !== PROFILE_MESSAGES[key]);
    expect(drifted).toEqual([]);
  });

  it('finds the sources it scans (so the scans above cannot pass vacuously)', () => {
    expect(tsxSources.some(([path]) => path.endsWith('/frame/AppFrame.tsx'))).toBe(true);
  });

  it('has no hard-coded user text in JSX', () => {
    const offenders: string[] = [];
    for (const [path, text] of tsxSources) {
      // Text between tags that holds a word: <Button>Save</Button>. Tags are matched loosely;
      // arrow functions (=>) and generics are excluded so code between tags is not taken for text.
      for (const match of text.matchAll(/(?<!=)>([^<>{}=;()]*[A-Za-z]{2,}[^<>{}=;()]*)</g)) {
        offenders.push(`${path}: ${match[1]!.trim()}`);
      }
      // Attributes people read: label="Save", title='Save', aria-label, placeholder, helperText, alt.
      for (const match of text.matchAll(/\b(label|title|aria-label|placeholder|helperText|alt|tooltip)=["']([^"']*[A-Za-z][^"']*)["']/g)) {
        offenders.push(`${path}: ${match[1]}="${match[2]}"`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
