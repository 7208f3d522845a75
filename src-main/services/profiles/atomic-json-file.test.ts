import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtomicJsonFile } from './atomic-json-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('AtomicJsonFile', () => {
  it('reads undefined before the first write, then the last value written, leaving no temp files', async () => {
    const file = new AtomicJsonFile<{ n: number }>(join(dir, 'sub', 'settings.json'));
    expect(await file.read()).toBeUndefined();
    await Promise.all(Array.from({ length: 20 }, (_, n) => file.write({ n })));
    expect(await file.read()).toEqual({ n: 19 });
    expect(await readdir(join(dir, 'sub'))).toEqual(['settings.json']);
  });

  it('is readable by its owner only (it names hosts and policies)', async () => {
    const file = new AtomicJsonFile<object>(join(dir, 'settings.json'));
    await file.write({});
    expect((await stat(file.path)).mode & 0o077).toBe(0);
  });

  it('says so when the file is not JSON instead of starting over silently', async () => {
    await writeFile(join(dir, 'settings.json'), '{ torn');
    await expect(new AtomicJsonFile(join(dir, 'settings.json')).read()).rejects.toThrow(SyntaxError);
  });
});
