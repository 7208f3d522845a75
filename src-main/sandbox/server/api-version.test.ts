import { describe, expect, it } from 'vitest';
import { isKnownApiVersion } from './api-version.ts';

const today = new Date('2026-11-24T00:00:00Z');

describe('isKnownApiVersion', () => {
  it('accepts the versions the SDKs send', () => {
    expect(isKnownApiVersion('2021-04-12', '2016-02-03', today)).toBe(true);
    expect(isKnownApiVersion('2021-10-01', '2017-08-31', today)).toBe(true);
    expect(isKnownApiVersion('2020-06-30-preview', '2016-02-03', today)).toBe(true);
  });

  it.each(['2099-12-31', '2015-01-01', '2021-02-30', '2021-4-12', 'latest', '2021-04-12-beta', ''])('refuses %j', (version) => {
    expect(isKnownApiVersion(version, '2016-02-03', today)).toBe(false);
  });
});
