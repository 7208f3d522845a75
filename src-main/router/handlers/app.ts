import type { Services } from '../../services/container.ts';
import type { HandlerGroup } from '../router.ts';

export function appHandlers(s: Services): HandlerGroup<'app:ping' | 'app:versions'> {
  return {
    'app:ping': (req) => s.app.ping(req.sentAt),
    'app:versions': () => s.app.versions(),
  };
}
