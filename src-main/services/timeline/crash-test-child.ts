// A fleet run's event writer for the SIGKILL test: appends batches of events, and after each
// append returns prints "ack <last id>" — the point where the console tells the UI. Killed at any
// moment, everything it acknowledged must be on disk.
import { EventLog, type EventInput } from '../event-log/event-log.ts';
import { ConsoleStore } from '../store/console-store.ts';
import { TimelineService } from './timeline-service.ts';

const dir = process.argv[2]!;
const store = new ConsoleStore(dir);
const log = new EventLog(store);
new TimelineService(store, log);
const STAGES: EventInput['kind'][] = ['enrolled', 'registration-attempted', 'registered', 'connected', 'first-telemetry', 'status-reported'];

let n = 0;
for (;;) {
  const batch: EventInput[] = [];
  const size = 1 + (n % 7);
  for (let i = 0; i < size; i++, n++) {
    const device = `crash-${Math.floor(n / STAGES.length)}`;
    batch.push({ kind: STAGES[n % STAGES.length]!, source: 'simulator', registrationId: device, deviceId: device, hubHost: 'hub-1', outcome: 'ok', detail: { n } });
  }
  const logged = log.appendMany('sandbox', batch);
  process.stdout.write(`ack ${logged.at(-1)!.id} ${n}\n`);
}
