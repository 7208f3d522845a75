import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonSettingsStore } from './json-settings-store.ts';
import { SettingsService } from './settings-service.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SettingsService over the web shell\'s JSON file', () => {
  it('starts from defaults (system theme and language, this machine\'s name) and keeps a change across a restart', async () => {
    const first = new SettingsService(jsonSettingsStore(dir));
    expect(await first.get()).toMatchObject({ theme: 'system', language: 'system', station: hostname().slice(0, 100) });
    const heard: string[] = [];
    const second = new SettingsService(jsonSettingsStore(dir), (s) => heard.push(s.station));
    await second.update({ theme: 'dark', language: 'ja', station: 'Bench 3' });
    expect(heard).toEqual(['Bench 3']);
    const again = new SettingsService(jsonSettingsStore(dir));
    expect(await again.get()).toMatchObject({ theme: 'dark', language: 'ja', station: 'Bench 3' });
    expect(JSON.parse(readFileSync(join(dir, 'console-settings.json'), 'utf8'))).toMatchObject({ theme: 'dark' });
  });

  it('refuses an empty station name and changes nothing', async () => {
    const service = new SettingsService(jsonSettingsStore(dir));
    await service.update({ operator: 'aiko' });
    await expect(service.update({ station: '   ', operator: 'ken' })).rejects.toThrow();
    expect((await service.get()).operator).toBe('aiko');
  });

  it('reads a hand-broken file as defaults for the broken fields only', async () => {
    writeFileSync(join(dir, 'console-settings.json'), JSON.stringify({ theme: 'purple', language: 'ja', station: 7 }));
    const settings = await new SettingsService(jsonSettingsStore(dir)).get();
    expect(settings).toMatchObject({ theme: 'system', language: 'ja', station: hostname().slice(0, 100) });
    writeFileSync(join(dir, 'console-settings.json'), '{not json');
    expect((await new SettingsService(jsonSettingsStore(dir)).get()).theme).toBe('system');
  });
});
