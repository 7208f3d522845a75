import { describe, expect, it } from 'vitest';
import { fromEventData } from './event-hubs-mapping.ts';

const at = new Date('2026-12-02T01:00:00Z');
const event = (body: unknown, system: Record<string, unknown>, properties: Record<string, unknown> = {}) =>
  ({ body, systemProperties: system, properties, enqueuedTimeUtc: at, sequenceNumber: 7, offset: '0', partitionKey: null }) as never;

describe('built-in endpoint events as hub events', () => {
  it('maps telemetry with JSON, text and binary bodies', () => {
    const json = fromEventData('h', '1', event({ t: 1 }, { 'iothub-connection-device-id': 'd1', 'iothub-message-source': 'Telemetry', 'iothub-enqueuedtime': at }, { unit: 'C' }));
    expect(json).toMatchObject({ kind: 'telemetry', deviceId: 'd1', body: { t: 1 }, bodyEncoding: 'json', properties: { unit: 'C' }, position: { partitionId: '1', sequenceNumber: 7 }, enqueuedAt: at.getTime() });
    expect(json?.systemProperties['iothub-enqueuedtime']).toBe(at.toISOString());
    expect(fromEventData('h', '0', event(Buffer.from('plain'), { 'iothub-connection-device-id': 'd1' }))).toMatchObject({ body: 'plain', bodyEncoding: 'utf8' });
    expect(fromEventData('h', '0', event(Buffer.from([0xff, 0x00]), { 'iothub-connection-device-id': 'd1' }))).toMatchObject({ body: '/wA=', bodyEncoding: 'base64' });
  });

  it('maps lifecycle, twin change and connection events with their opType, and skips unknown sources', () => {
    const lifecycle = fromEventData('h', '0', event({ deviceId: 'd2' }, { 'iothub-message-source': 'deviceLifecycleEvents' }, { deviceId: 'd2', opType: 'deleteDeviceIdentity', hubName: 'h' }));
    expect(lifecycle).toMatchObject({ kind: 'deviceLifecycle', deviceId: 'd2', opType: 'deleteDeviceIdentity' });
    expect(fromEventData('h', '0', event({}, { 'iothub-message-source': 'twinChangeEvents', 'iothub-connection-device-id': 'd3' }, { opType: 'updateTwin' }))?.kind).toBe('twinChangeEvents');
    expect(fromEventData('h', '0', event({}, { 'iothub-message-source': 'digitalTwinChangeEvents' }))).toBeNull();
  });
});
