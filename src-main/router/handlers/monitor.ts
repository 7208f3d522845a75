import type { Services } from '../../services/container.ts';
import type { HandlerGroup } from '../router.ts';

export function monitorHandlers(s: Services): HandlerGroup<'monitor:start' | 'monitor:keepAlive' | 'monitor:stop'> {
  return {
    'monitor:start': (r) => s.monitor.start(r),
    'monitor:keepAlive': (r) => s.monitor.keepAlive(r.monitorId),
    'monitor:stop': (r) => s.monitor.stop(r.monitorId),
  };
}
