import type { Services } from '../../services/container.ts';
import type { HandlerGroup } from '../router.ts';

export function settingsHandlers(s: Services): HandlerGroup<'settings:get' | 'settings:update'> {
  return {
    'settings:get': () => s.settings.get(),
    'settings:update': (req) => s.settings.update(req),
  };
}
