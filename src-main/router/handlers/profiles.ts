import type { Services } from '../../services/container.ts';
import type { HandlerGroup } from '../router.ts';

type ProfileChannel =
  | 'profiles:list'
  | 'profiles:activate'
  | 'profiles:get'
  | 'profiles:create'
  | 'profiles:update'
  | 'profiles:rename'
  | 'profiles:delete'
  | 'profiles:testConnection'
  | 'profiles:export'
  | 'profiles:import'
  | 'profiles:usage';

export function profileHandlers(s: Services): HandlerGroup<ProfileChannel> {
  return {
    'profiles:list': () => s.profiles.list(),
    'profiles:activate': (req) => s.profiles.activate(req.id),
    'profiles:get': (req) => s.profiles.get(req.id),
    'profiles:create': (req) => s.profiles.create(req.profile),
    'profiles:update': (req) => s.profiles.update(req.id, req.profile),
    'profiles:rename': (req) => s.profiles.rename(req.id, req.name),
    'profiles:delete': (req) => s.profiles.delete(req.id),
    'profiles:testConnection': async (req) => ({ results: await s.profiles.testConnection(req.id) }),
    'profiles:export': (req) => s.profiles.exportProfiles(req.ids),
    'profiles:import': (req) => s.profiles.importProfiles(req.json),
    'profiles:usage': async (req) => ({ entries: await s.profiles.usageLog(req.limit) }),
  };
}
