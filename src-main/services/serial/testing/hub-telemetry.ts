import { openEventStream } from '../../../sandbox/hub/test-requests.ts';
import type { TestHub } from '../../../sandbox/hub/test-support.ts';

interface TelemetryEvent {
  deviceId: string;
  body: string;
  properties: Record<string, string>;
}

/** Waits on a sandbox hub's event stream (GET /sandbox/v1/events from the start) for a device's telemetry. */
export async function waitForTelemetry(connectionString: string, ca: string, match: (event: TelemetryEvent) => boolean, timeoutMs: number): Promise<TelemetryEvent> {
  const field = (name: string) => new RegExp(`${name}=([^;]+)`).exec(connectionString)?.[1] ?? '';
  const hostName = field('HostName');
  // The stream helper needs only where the hub is, its CA and its owner key.
  const hub = { hostName, port: Number(hostName.split(':')[1]), ownerKey: field('SharedAccessKey'), tls: { caPem: ca } } as unknown as TestHub;
  const stream = openEventStream(hub, 0);
  let timer: NodeJS.Timeout | undefined;
  try {
    const found = stream.next((event) => event.type === 'telemetry' && match(event));
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('no matching telemetry reached the hub in time')), timeoutMs);
    });
    return (await Promise.race([found, timeout])) as TelemetryEvent;
  } finally {
    clearTimeout(timer);
    stream.close();
  }
}
