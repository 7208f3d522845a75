import { AppError } from '../../../src-shared/contract/result.ts';
import type { Services } from '../../services/container.ts';
import { sandboxTarget } from '../../services/profiles/profile-targets.ts';
import { readSandboxEventHubs } from '../../services/sandbox/sandbox-eventhubs.ts';
import type { HandlerGroup } from '../router.ts';

export function sandboxEventHubHandlers(s: Services): HandlerGroup<'sandbox:eventHubs'> {
  return {
    'sandbox:eventHubs': async () => {
      const info = await s.sandbox.getSandboxEndpoints();
      if (!info) throw new AppError('unavailable', 'The sandbox is not running');
      return { hubs: await readSandboxEventHubs(info, sandboxTarget) };
    },
  };
}
