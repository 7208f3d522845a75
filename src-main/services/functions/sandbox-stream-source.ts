import { createHmac } from 'node:crypto';
import https from 'node:https';
import type { HubEvent, HubEventSource } from '../hub-events/hub-event-source.ts';

/**
 * A minimal HubEventSource over the sandbox hub's `/sandbox/v1/events` stream: telemetry and
 * device deletes, what the functions bridge reads. The console prefers its hub event reader
 * (services/hub-events) and uses this only where none is given (and in tests).
 */
export function sandboxStreamSource(hubs: { hostName: string; connectionString: string }[], ca: string): HubEventSource {
  return {
    async subscribe(hubHost, _start, onEvents, onError) {
      const hub = hubs.find((candidate) => candidate.hostName === hubHost);
      if (!hub) throw new Error(`no hub ${hubHost}`);
      const key = /SharedAccessKey=([^;]+)/.exec(hub.connectionString)?.[1] as string;
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
            const events = lines.filter((line) => line.trim()).map((line) => toHubEvent(hubHost, JSON.parse(line) as Record<string, unknown>)).filter((e): e is HubEvent => e !== undefined);
            if (events.length) onEvents(events);
          });
          res.on('error', () => {});
          resolve();
        });
        request.on('error', (error) => (onError(error), reject(error)));
        request.end();
      });
      return { close: async () => void request.destroy() };
    },
  };
}

function toHubEvent(hubHost: string, raw: Record<string, unknown>): HubEvent | undefined {
  const base = { hubHost, deviceId: String(raw.deviceId), enqueuedAt: Date.now(), properties: {}, systemProperties: {}, position: null };
  if (raw.type === 'telemetry') {
    const text = String(raw.body);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { ...base, kind: 'telemetry', opType: null, body, bodyEncoding: 'json', properties: (raw.properties as Record<string, string>) ?? {} };
  }
  if (raw.type === 'deviceDeleted') return { ...base, kind: 'deviceLifecycle', opType: 'deleteDeviceIdentity', body: null, bodyEncoding: 'json' };
  return undefined;
}
