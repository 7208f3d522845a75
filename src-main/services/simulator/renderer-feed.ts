import type { DeviceLogLine } from '../../../src-shared/contract/channels/simulator.ts';
import { Batcher } from '../../events/batcher.ts';
import type { EventBus } from '../../events/event-bus.ts';
import type { FleetView } from './fleet-view.ts';

type FeedItem = { kind: 'device'; id: string } | { kind: 'log'; line: DeviceLogLine };

/**
 * What the renderer hears of a running fleet: the devices that changed (their latest state, each
 * once) and new log lines, batched once a second however many devices move.
 */
export class RendererFeed {
  private readonly batcher: Batcher<FeedItem>;

  constructor(events: EventBus | undefined, view: () => FleetView) {
    this.batcher = new Batcher(
      (items) => {
        if (!events) return;
        const ids = new Set<string>();
        const logs: DeviceLogLine[] = [];
        for (const item of items) {
          if (item.kind === 'device') ids.add(item.id);
          else logs.push(item.line);
        }
        const devices = [...ids].map((id) => view().devices.get(id)).filter((d) => d !== undefined);
        events.emit('simulator:updates', { devices, logs });
      },
      { intervalMs: 1_000, maxItems: 20_000 },
    );
  }

  push(deviceIds: string[], logs: DeviceLogLine[]): void {
    for (const id of deviceIds) this.batcher.push({ kind: 'device', id });
    for (const line of logs) this.batcher.push({ kind: 'log', line });
  }

  stop(): void {
    this.batcher.stop();
  }
}
