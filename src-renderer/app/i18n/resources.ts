import en from './en.json';
import ja from './ja.json';
import type { Language } from './language.ts';

export type Tree = { [key: string]: string | Tree };

// Each feature keeps its own texts in features/<area>/locales/{en,ja}.json, under the key of its
// folder name (the key enrollments.title is "title" in features/enrollments/locales/en.json), so
// areas built side by side never edit the same file. The app's own texts stay in en.json/ja.json.
const featureFiles = import.meta.glob<Tree>('../../features/*/locales/*.json', { import: 'default', eager: true });

function featureTexts(language: Language): Tree {
  const out: Tree = {};
  for (const [path, tree] of Object.entries(featureFiles)) {
    const match = /features\/([^/]+)\/locales\/([a-z]+)\.json$/.exec(path);
    if (match?.[2] === language) out[match[1]!] = tree;
  }
  return out;
}

/** Every text of the console in one language: the app's own, then each feature's under its area's key. */
export function translationsFor(language: Language): Tree {
  const base = (language === 'ja' ? ja : en) as Tree;
  const features = featureTexts(language);
  const clash = Object.keys(features).find((area) => area in base);
  if (clash) throw new Error(`features/${clash}/locales and the app's ${language}.json both define '${clash}'`);
  return { ...base, ...features };
}
