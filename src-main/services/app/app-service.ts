import type { Versions } from '../../../src-shared/contract/channels/app.ts';
import type { ShellInfo } from '../ports.ts';

/** Health and identity of the main process, for the status and about pages. */
export class AppService {
  private readonly startedAt = Date.now();
  private readonly info: ShellInfo;

  constructor(info: ShellInfo) {
    this.info = info;
  }

  ping(sentAt: number): { sentAt: number; receivedAt: number; uptimeMs: number } {
    const receivedAt = Date.now();
    return { sentAt, receivedAt, uptimeMs: receivedAt - this.startedAt };
  }

  versions(): Versions {
    return {
      app: this.info.appVersion,
      node: process.versions.node,
      electron: this.info.electronVersion,
      chrome: this.info.chromeVersion,
      platform: process.platform,
      arch: process.arch,
      shell: this.info.shell,
    };
  }
}
