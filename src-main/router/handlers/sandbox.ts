import type { Services } from '../../services/container.ts';
import type { HandlerGroup } from '../router.ts';

export function sandboxHandlers(s: Services): HandlerGroup<'sandbox:status' | 'sandbox:restart' | 'sandbox:reset' | 'sandbox:counts'> {
  return {
    'sandbox:status': () => s.sandbox.status(),
    'sandbox:restart': () => s.sandbox.restart(),
    'sandbox:reset': () => s.sandbox.reset(),
    'sandbox:counts': () => s.sandbox.counts(),
  };
}
