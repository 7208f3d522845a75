import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createServices, disposeServices, type Services } from '../../services/container.ts';
import { createRouter, type Router } from '../router.ts';
import { createHandlers } from './index.ts';

export interface RouterTestBed {
  dir: string;
  services: Services;
  router: Router;
}

/** The web shell's identity, as the router sees a request from it. */
export const web = { shell: 'web' as const };

/** For handler tests: the real container and router on a fresh data dir for each test, disposed after it. */
export function useRouterTestBed(prefix: string): RouterTestBed {
  const bed = {} as RouterTestBed;
  beforeEach(async () => {
    bed.dir = await mkdtemp(join(tmpdir(), prefix));
    bed.services = await createServices({ paths: { userData: bed.dir }, shellInfo: { shell: 'web', appVersion: '0.0.0', electronVersion: null, chromeVersion: null } });
    bed.router = createRouter(createHandlers(bed.services));
  });
  afterEach(async () => {
    await disposeServices(bed.services);
    await rm(bed.dir, { recursive: true, force: true });
  });
  return bed;
}
