import { useEvent } from '../../api/index.ts';
import { useNotify } from './notifications-context.ts';

/** Shows what the main process announces ('app:notice') in the snackbar queue. */
export function MainProcessNotices() {
  const notify = useNotify();
  useEvent('app:notice', (notice) => notify({ message: notice.message, severity: notice.level }));
  return null;
}
