import https from 'node:https';
import type { AzureClientFactory } from '../azure/client-factory.ts';
import { iothubSdk } from '../azure/sdk-modules.ts';

/**
 * Test-side calls to a sandbox hub's sandbox-only API (sandbox README): send a cloud-to-device
 * message, and read the hub's event stream until a matching event arrives. Service SAS of the
 * hub's policy; the sandbox CA from the factory's target.
 */
function authorization(clients: AzureClientFactory, host: string): string {
  const hub = clients.target.hubs.find((h) => h.host === host);
  if (hub?.auth.kind !== 'sas') throw new Error(`no SAS policy for ${host}`);
  return String(iothubSdk.SharedAccessSignature.create(host, hub.auth.policyName, hub.auth.key, Math.floor(Date.now() / 1000) + 600));
}

function request(clients: AzureClientFactory, host: string, method: string, path: string) {
  const [name, port] = host.split(':');
  return https.request({ host: name, port: Number(port), method, path, ca: clients.target.extraCaPem ?? undefined, headers: { Authorization: authorization(clients, host), 'Content-Type': 'application/json' } });
}

export function sendCloudToDevice(clients: AzureClientFactory, host: string, deviceId: string, payload: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(clients, host, 'POST', `/sandbox/v1/devices/${encodeURIComponent(deviceId)}/messages`);
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(JSON.stringify({ payload }));
  });
}

/** Reads the hub's event stream from the start until `match` accepts an event; gives up after `timeoutMs`. */
export function findHubEvent(clients: AzureClientFactory, host: string, match: (event: Record<string, unknown>) => boolean, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = request(clients, host, 'GET', '/sandbox/v1/events?since=0');
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('no matching hub event'));
    }, timeoutMs);
    req.on('response', (res) => {
      let buffered = '';
      res.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.trim()) continue;
          const event = JSON.parse(line) as Record<string, unknown>;
          if (!match(event)) continue;
          clearTimeout(timer);
          req.destroy();
          resolve(event);
          return;
        }
      });
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      if (!req.destroyed) reject(error);
    });
    req.end();
  });
}
