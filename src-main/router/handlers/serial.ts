import type { Services } from '../../services/container.ts';
import { SERIAL_BATCH_KIND } from '../../services/serial/serial-batch.ts';
import { resultsCsv } from '../../services/serial/serial-results.ts';
import { parseQueueCsv } from '../../services/serial/serial-queue.ts';
import type { HandlerGroup } from '../router.ts';

type SerialChannel = 'serial:ports' | 'serial:push' | 'serial:cancel' | 'serial:parseQueue' | 'serial:startBatch' | 'serial:results' | 'serial:exportResults';

export function serialHandlers(s: Services): HandlerGroup<SerialChannel> {
  return {
    'serial:ports': async () => ({ ports: await s.serial.ports() }),
    'serial:push': (req) => s.serial.push(req),
    'serial:cancel': (req) => ({ cancelled: s.serial.cancel(req.pushId) }),
    'serial:parseQueue': async (req) => {
      const parsed = parseQueueCsv(req.text);
      const ids = parsed.items.flatMap((item) => (item.registrationId ? [item.registrationId] : []));
      return { ...parsed, alreadyPushed: [...s.serial.results.alreadyPushed(await s.profiles.activeId(), ids)] };
    },
    'serial:startBatch': async (req) => {
      // Fail now, not inside the task, when the group cannot be read.
      await s.serial.credentials(req.groupId);
      const title = req.mode === 'csv' ? `Serial batch: ${req.items.length} devices` : `Serial batch: ${req.count ?? 0} devices by serial number`;
      return s.tasks.start(await s.profiles.activeId(), SERIAL_BATCH_KIND, title, req);
    },
    'serial:results': async (req) => ({ results: s.serial.results.forJob(await s.profiles.activeId(), req.jobId) }),
    'serial:exportResults': async (req) => ({
      fileName: `serial-results-${req.jobId.slice(0, 8)}.csv`,
      csv: resultsCsv(s.serial.results.forJob(await s.profiles.activeId(), req.jobId)),
    }),
  };
}
