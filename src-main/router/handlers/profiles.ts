import type { Services } from '../../services/container.ts';
import type { HandlerGroup } from '../router.ts';

export function profileHandlers(s: Services): HandlerGroup<'profiles:list' | 'profiles:activate'> {
  return {
    'profiles:list': () => s.profiles.list(),
    'profiles:activate': (req) => s.profiles.activate(req.id),
  };
}
