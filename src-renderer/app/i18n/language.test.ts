import { describe, expect, it } from 'vitest';
import { systemLanguage } from './language.ts';

describe('the OS language', () => {
  it('is taken by its primary subtag, first match wins', () => {
    expect(systemLanguage(['ja-JP', 'en-US'])).toBe('ja');
    expect(systemLanguage(['fr-FR', 'JA'])).toBe('ja');
    expect(systemLanguage(['en-GB', 'ja'])).toBe('en');
  });

  it('falls back to English for languages we do not ship', () => {
    expect(systemLanguage(['fr-FR', 'de'])).toBe('en');
    expect(systemLanguage([])).toBe('en');
  });
});
