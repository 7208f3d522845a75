import { useRequest } from '../../api/index.ts';

/** The active profile's hubs, and which one the page works on (the route's, else the first). */
export function useHubs(routeHub: string | undefined): { hubs: string[]; hubHost: string | undefined; loading: boolean; error: ReturnType<typeof useRequest>['error'] } {
  const { data, loading, error } = useRequest('devices:hubs', {});
  const hubs = data?.hubs ?? [];
  const hubHost = routeHub && hubs.includes(routeHub) ? routeHub : hubs[0];
  return { hubs, hubHost, loading, error };
}
