import type { Services } from '../../services/container.ts';
import type { HandlerGroup } from '../router.ts';

export function jobHandlers(s: Services): HandlerGroup<'jobs:preview' | 'jobs:schedule' | 'jobs:list' | 'jobs:get' | 'jobs:cancel' | 'jobs:results'> {
  return {
    'jobs:preview': (r) => s.jobs.preview(r.hubHost, r.condition),
    'jobs:schedule': (r) => s.jobs.schedule(r),
    'jobs:list': async (r) => ({ jobs: await s.jobs.list(r.hubHost) }),
    'jobs:get': (r) => s.jobs.get(r.hubHost, r.jobId),
    'jobs:cancel': (r) => s.jobs.cancel(r.hubHost, r.jobId),
    'jobs:results': (r) => s.jobs.results(r.hubHost, r.jobId),
  };
}
