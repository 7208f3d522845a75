import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AppLocation {
  /** Folder holding the app's package.json (the repo root, or the packaged app's resources). */
  root: string;
  version: string;
  /** The built renderer the shells serve. */
  rendererDir: string;
}

/**
 * Finds the app's package.json by walking up from this module, so the same code works from
 * src-main/cli/ under Node and from the bundle in dist/electron/ inside a packaged app.
 */
export function locateApp(fromUrl: string = import.meta.url): AppLocation {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'provisioning-bench') {
        return { root: dir, version: pkg.version ?? '0.0.0', rendererDir: join(dir, 'dist', 'renderer') };
      }
    } catch {
      // no package.json here: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the provisioning-bench package.json above ' + fileURLToPath(fromUrl));
    dir = parent;
  }
}
