import { createHmac } from 'node:crypto';
import rhea from 'rhea';
import type { EventContext } from 'rhea';
import { AppError } from '../../../src-shared/contract/result.ts';

export interface RedirectRequest {
  /** The IoT hub's HostName as its connection string names it (`name.azure-devices.net` or `127.0.0.1:PORT`). */
  hubHost: string;
  policyName: string;
  key: string;
  caPem: string | null;
  timeoutMs: number;
}

/** A service SAS for `resource`, as the IoT Hub security docs sign it (url-encoded resource, decoded key). */
function sasToken(resource: string, policyName: string, key: string, ttlSeconds: number): string {
  const sr = encodeURIComponent(resource);
  const se = Math.ceil(Date.now() / 1000) + ttlSeconds;
  const sig = createHmac('sha256', Buffer.from(key, 'base64')).update(`${sr}\n${se}`, 'utf8').digest('base64');
  return `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(sig)}&se=${se}&skn=${policyName}`;
}

function splitHost(host: string): { name: string; port: number | undefined } {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  return { name: match?.[1] ?? host, port: match?.[2] ? Number(match[2]) : undefined };
}

/**
 * Asks an IoT hub where its built-in Event Hub-compatible endpoint is, as Microsoft's
 * "read from the built-in endpoint" samples do: open a receiver on `messages/events` with the IoT
 * Hub credentials and read the `amqp:link:redirect` the hub answers with. Returns the Event Hubs
 * connection string (same policy and key). The sandbox answers the same way, so this path is the
 * same for both.
 */
export function resolveEventHubConnectionString(request: RedirectRequest): Promise<string> {
  const { name, port } = splitHost(request.hubHost);
  const container = rhea.create_container();
  return new Promise<string>((resolve, reject) => {
    const connection = container.connect({
      host: name.replace(/^\[|\]$/g, ''),
      port: port ?? 5671,
      transport: 'tls',
      hostname: name,
      servername: name.replace(/^\[|\]$/g, ''),
      ...(request.caPem ? { ca: [request.caPem] } : {}),
      username: `${request.policyName}@sas.root.${name.split('.')[0] ?? name}`,
      password: sasToken(`${request.hubHost}/messages/events`, request.policyName, request.key, 300),
      reconnect: false,
      idle_time_out: 0,
    } as never);
    let settled = false;
    const finish = (error: Error | null, value?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      connection.close();
      if (error) reject(error);
      else resolve(value as string);
    };
    const timer = setTimeout(() => finish(new Error(`${request.hubHost} did not say where its Event Hub-compatible endpoint is within ${request.timeoutMs} ms`)), request.timeoutMs);
    connection.on('connection_open', () => connection.open_receiver({ source: { address: `amqps://${request.hubHost}/messages/events/$management` } }));
    connection.on('receiver_error', (context: EventContext) => {
      const error = context.receiver?.error as { condition?: string; description?: string; info?: Record<string, unknown> } | undefined;
      if (error?.condition !== 'amqp:link:redirect' || !error.info) return finish(new Error(`${request.hubHost} refused the built-in endpoint: ${error?.description ?? error?.condition ?? 'no reason given'}`));
      const address = String(error.info['address'] ?? '');
      const match = /^amqps:\/\/([^/]+)\/([^/]+)\/\$management$/i.exec(address);
      if (!match) return finish(new Error(`${request.hubHost} redirected to an address that is not an Event Hub: ${address}`));
      const endpointHost = String(error.info['hostname'] ?? '');
      const target = splitHost(match[1] as string);
      // Azure names a bare host (port 5671); the sandbox keeps its port in the host name.
      const host = splitHost(endpointHost).port !== undefined || target.port === undefined || target.port === 5671 ? endpointHost : `${endpointHost}:${target.port}`;
      finish(null, `Endpoint=sb://${host}/;SharedAccessKeyName=${request.policyName};SharedAccessKey=${request.key};EntityPath=${match[2] as string}`);
    });
    connection.on('connection_error', (context: EventContext) => {
      const error = context.connection.error as { condition?: string; description?: string } | undefined;
      // A failed SASL exchange (wrong key, unknown policy) ends the connection with no error of its own.
      const refusedCredentials = !error?.condition || error.condition === 'amqp:unauthorized-access';
      const message = `${request.hubHost} refused the connection: ${String(error?.description ?? 'unauthorized')}`;
      finish(refusedCredentials ? new AppError('unauthorized', `${message} (check the policy name and key)`) : new Error(message));
    });
    connection.on('disconnected', (context: EventContext) => finish(new Error(`${request.hubHost} could not be reached: ${String((context as { error?: Error }).error?.message ?? 'connection closed')}`)));
  });
}
