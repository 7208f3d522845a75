import { expect, it } from 'vitest';
import { defaultDataDir } from './default-data-dir.ts';

it('follows each OS’s per-user config folder, named like Electron’s userData', () => {
  expect(defaultDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.config/Provisioning Bench');
  expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ann')).toBe('/cfg/Provisioning Bench');
  expect(defaultDataDir('darwin', {}, '/Users/ann')).toBe('/Users/ann/Library/Application Support/Provisioning Bench');
  expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann')).toContain('Provisioning Bench');
});
