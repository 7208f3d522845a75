import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import deviceSdk from 'azure-iot-device';
import deviceMqtt from 'azure-iot-device-mqtt';
import iothub from 'azure-iothub';

type DeviceClient = InstanceType<typeof deviceSdk.Client>;

/**
 * Devices for a console's sandbox, made from outside the console as an operator's script or a real
 * device would: identities over the hub's service REST API with the sandbox's owner key (read from
 * its data dir) and device SDK clients online over MQTT, so the Devices page has something real.
 */
export class DevicesFleet {
  readonly hubHost: string;
  private readonly ownerKey: string;
  private readonly ca: string;
  private readonly clients: DeviceClient[] = [];

  private constructor(hubHost: string, ownerKey: string, ca: string) {
    this.hubHost = hubHost;
    this.ownerKey = ownerKey;
    this.ca = ca;
  }

  /** Waits until the console started its sandbox (it does on first paint), then reads hub 1. */
  static async open(consoleDataDir: string): Promise<DevicesFleet> {
    const file = join(consoleDataDir, 'sandbox', 'sandbox.json');
    const deadline = Date.now() + 30_000;
    for (;;) {
      const config = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { hubs: { port: number; ownerKey: string }[] }) : null;
      const hub = config?.hubs[0];
      if (hub && hub.port > 0) return new DevicesFleet(`127.0.0.1:${hub.port}`, hub.ownerKey, readFileSync(join(consoleDataDir, 'sandbox', 'ca.pem'), 'utf8'));
      if (Date.now() > deadline) throw new Error(`the console's sandbox did not write ${file} with its ports`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** One service REST call with the owner policy's SAS; resolves with the parsed JSON answer. */
  call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    const sas = iothub.SharedAccessSignature.create(this.hubHost, 'iothubowner', this.ownerKey, Math.floor(Date.now() / 1000) + 600).toString();
    const text = body === undefined ? '' : JSON.stringify(body);
    const [host, port] = this.hubHost.split(':');
    return new Promise((resolve, reject) => {
      const req = request(
        { host, port: Number(port), method, path: `${path}${path.includes('?') ? '&' : '?'}api-version=2021-04-12`, ca: this.ca, headers: { Authorization: sas, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers } },
        (res) => {
          let answer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (answer += chunk));
          res.on('end', () => ((res.statusCode ?? 500) < 300 ? resolve(answer ? JSON.parse(answer) : null) : reject(new Error(`${method} ${path}: ${res.statusCode} ${answer}`))));
        },
      );
      req.on('error', reject);
      req.end(text);
    });
  }

  /** Creates a symmetric-key device with these tags; returns its primary key. */
  async create(deviceId: string, tags: Record<string, unknown> = {}): Promise<string> {
    const created = (await this.call('PUT', `/devices/${encodeURIComponent(deviceId)}`, { deviceId })) as { authentication: { symmetricKey: { primaryKey: string } } };
    if (Object.keys(tags).length > 0) await this.call('PATCH', `/twins/${encodeURIComponent(deviceId)}`, { tags }, { 'If-Match': '*' });
    return created.authentication.symmetricKey.primaryKey;
  }

  /** A device SDK client, connected; closed by close(). */
  async connect(deviceId: string, key: string): Promise<DeviceClient> {
    const client = deviceSdk.Client.fromConnectionString(`HostName=${this.hubHost};DeviceId=${deviceId};SharedAccessKey=${key}`, deviceMqtt.Mqtt);
    await client.setOptions({ ca: this.ca });
    await client.open();
    this.clients.push(client);
    return client;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.clients.map((c) => c.close()));
  }
}
