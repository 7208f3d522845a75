import type { Services } from '../../services/container.ts';
import type { HandlerGroup } from '../router.ts';

export function taskHandlers(s: Services): HandlerGroup<'tasks:list' | 'tasks:cancel' | 'tasks:resume'> {
  return {
    'tasks:list': async (req) => ({ tasks: s.tasks.list(await s.profiles.activeId(), req.kind) }),
    'tasks:cancel': async (req) => s.tasks.cancel(await s.profiles.activeId(), req.id),
    'tasks:resume': async (req) => s.tasks.resume(await s.profiles.activeId(), req.id),
  };
}
