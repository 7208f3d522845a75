// Device telemetry → the twin's Temperature. The twin id comes from the message enrichment
// `dtId` (the hub route adds $twin.tags.dtId), falling back to the device id.

/**
 * @param {{ deviceId: string, body: any, properties: Record<string, string> }} message
 * @param {{ twins: import('@azure/digital-twins-core').DigitalTwinsClient }} context
 * @returns {Promise<{ updated: boolean, dtId?: string, reason?: string }>}
 */
export async function telemetryToTwin(message, { twins }) {
  const temperature = typeof message.body === 'object' && message.body !== null ? message.body.Temperature : undefined;
  if (typeof temperature !== 'number' || !Number.isFinite(temperature)) return { updated: false, reason: 'the message has no numeric Temperature' };
  const dtId = message.properties?.dtId || message.deviceId;
  await twins.updateDigitalTwin(dtId, [{ op: 'add', path: '/Temperature', value: temperature }]);
  return { updated: true, dtId };
}
