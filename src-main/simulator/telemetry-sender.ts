import type { Client as DeviceClient } from 'azure-iot-device';
import { deviceSdk } from './sdk.ts';

/**
 * Sends one telemetry message. The malformed-payload fault sends a body that claims to be JSON
 * and is not (cut short, a stray byte), so a back end's parser meets what a broken device sends.
 */
export async function sendTelemetry(client: DeviceClient, body: string, properties: Record<string, string>, malformed: boolean): Promise<void> {
  const data = malformed ? `${body.slice(0, Math.max(1, Math.floor(body.length / 2)))}\u0000{` : body;
  const message = new deviceSdk.Message(data);
  message.contentType = 'application/json';
  message.contentEncoding = 'utf-8';
  for (const [key, value] of Object.entries(properties)) message.properties.add(key, value);
  if (malformed) message.properties.add('simulator-fault', 'malformed-payload');
  await client.sendEvent(message as never);
}
