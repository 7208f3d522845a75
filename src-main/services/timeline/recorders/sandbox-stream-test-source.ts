import { createHmac } from 'node:crypto';
import https from 'node:https';
import type { HubEvent, HubEventSource } from '../../hub-events/hub-event-source.ts';

/**
 * For tests only, until the devices area's reader is wired: a `HubEventSource` over the sandbox's
 * `GET /sandbox/v1/events` stream (sandbox README, "Sandbox-only API"), mapping its event shapes
 * to the ones IoT Hub's built-in endpoint delivers. Starts at new events only.
 */
export function sandboxStreamSource(hubs: Array<{ hostName: string; connectionString: string }>, ca: string): HubEventSource {
  return {
    async subscribe(hubHost, _start, onEvents, onError) {
      const hub = hubs.find((h) => h.hostName === hubHost);
      if (!hub) throw new Error(`no hub ${hubHost}`);
      const key = /SharedAccessKey=([^;]+)/.exec(hub.connectionString)![1]!;
      const expiry = Math.floor(Date.now() / 1000) + 3600;
      const sig = createHmac('sha256', Buffer.from(key, 'base64')).update(`${hubHost}\n${expiry}`).digest('base64');
      const [host, port] = hubHost.split(':');
      const request = https.request({ host, port: Number(port), path: '/sandbox/v1/events', ca, headers: { authorization: `SharedAccessSignature sr=${hubHost}&sig=${encodeURIComponent(sig)}&se=${expiry}&skn=iothubowner` } });
      await new Promise<void>((resolve, reject) => {
        request.on('response', (res) => {
          let pending = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            pending += chunk;
            const lines = pending.split('\n');
            pending = lines.pop() ?? '';
            const events = lines.filter((l) => l.trim()).map((l) => toHubEvent(hubHost, JSON.parse(l) as StreamEvent));
            if (events.length) onEvents(events);
          });
          res.on('error', () => {});
          resolve();
        });
        request.on('error', (error) => (request.destroyed ? onError(error) : reject(error)));
        request.end();
      });
      return { close: async () => void request.destroy() };
    },
  };
}

interface StreamEvent {
  type: string;
  deviceId: string;
  time?: string;
  enqueuedTime?: string;
  section?: string;
  patch?: unknown;
  body?: unknown;
  properties?: Record<string, string>;
  systemProperties?: Record<string, string>;
}

const OPS: Record<string, [HubEvent['kind'], string]> = {
  deviceCreated: ['deviceLifecycle', 'createDeviceIdentity'],
  deviceDeleted: ['deviceLifecycle', 'deleteDeviceIdentity'],
  deviceUpdated: ['deviceLifecycle', 'updateDeviceIdentity'],
  deviceConnected: ['deviceConnectionStateEvents', 'deviceConnected'],
  deviceDisconnected: ['deviceConnectionStateEvents', 'deviceDisconnected'],
  twinChanged: ['twinChangeEvents', 'updateTwin'],
};

function toHubEvent(hubHost: string, e: StreamEvent): HubEvent {
  const [kind, opType] = e.type === 'telemetry' ? (['telemetry', null] as const) : (OPS[e.type] ?? ['deviceLifecycle', e.type]);
  const body = e.type === 'twinChanged' ? { properties: { [e.section ?? 'reported']: e.patch } } : (e.body ?? null);
  return {
    kind,
    hubHost,
    deviceId: e.deviceId,
    enqueuedAt: Date.parse(e.enqueuedTime ?? e.time ?? '') || Date.now(),
    opType,
    body,
    bodyEncoding: 'json',
    properties: e.properties ?? {},
    systemProperties: e.systemProperties ?? {},
    position: null,
  };
}
