import { describe, expect, it } from 'vitest';
import { takeTabSecret } from './tab-secret.ts';

/** A tab's address, history and sessionStorage, as plain objects (the renderer tests run without a DOM). */
function tab(hash: string, stored: Record<string, string> = {}) {
  const place = {
    location: { hash, pathname: '/', search: '' },
    replaced: [] as string[],
    stored,
    history: { replaceState: (_d: unknown, _u: string, url?: string) => void place.replaced.push(url ?? '') },
    sessionStorage: { getItem: (key: string) => stored[key] ?? null, setItem: (key: string, value: string) => void (stored[key] = value) },
  };
  return place;
}

describe('the web shell tab secret', () => {
  it('takes the secret from the sign-in redirect fragment, keeps it for this tab and clears the address', () => {
    const place = tab('#pb-tab=abc_DEF-123');
    expect(takeTabSecret(place)).toBe('abc_DEF-123');
    expect(place.replaced).toEqual(['/']);
    expect(place.stored).toEqual({ 'pb-tab-secret': 'abc_DEF-123' });
  });

  it('finds it again after a reload, and leaves a hash route alone', () => {
    const place = tab('#/devices', { 'pb-tab-secret': 'kept' });
    expect(takeTabSecret(place)).toBe('kept');
    expect(place.replaced).toEqual([]);
  });

  it('has none in a tab that never signed in', () => {
    expect(takeTabSecret(tab(''))).toBeNull();
  });
});
