import { createHmac } from 'node:crypto';
import https from 'node:https';

interface TelemetryEvent {
  type: string;
  deviceId: string;
  body: string;
  properties: Record<string, string>;
}

/** Waits on the sandbox hub's event stream (GET /sandbox/v1/events) for a device's telemetry. */
export function waitForTelemetry(connectionString: string, ca: string, match: (event: TelemetryEvent) => boolean, timeoutMs: number): Promise<TelemetryEvent> {
  const field = (name: string) => new RegExp(`${name}=([^;]+)`).exec(connectionString)?.[1] ?? '';
  const host = field('HostName');
  const expiry = Math.floor(Date.now() / 1000) + 600;
  const sig = createHmac('sha256', Buffer.from(field('SharedAccessKey'), 'base64')).update(`${host}\n${expiry}`).digest('base64');
  const token = `SharedAccessSignature sr=${host}&sig=${encodeURIComponent(sig)}&se=${expiry}&skn=${field('SharedAccessKeyName')}`;
  const [name, port] = host.split(':');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('no matching telemetry reached the hub in time'));
    }, timeoutMs);
    const req = https.request({ host: name, port: Number(port), path: '/sandbox/v1/events?since=0', ca, headers: { authorization: token } }, (res) => {
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.trim()) continue;
          const event = JSON.parse(line) as TelemetryEvent;
          if (event.type === 'telemetry' && match(event)) {
            clearTimeout(timer);
            req.destroy();
            resolve(event);
          }
        }
      });
      res.on('error', () => {});
    });
    req.on('error', () => {});
    req.end();
  });
}
