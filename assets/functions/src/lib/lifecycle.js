// Device lifecycle → ADT: when a device is deleted in the hub, delete its twin, after the twin's
// outgoing and incoming relationships (ADT refuses to delete a twin that still has any).

/**
 * @param {{ deviceId: string, opType: string | null, body?: any, properties: Record<string, string> }} event
 * @param {{ twins: import('@azure/digital-twins-core').DigitalTwinsClient }} context
 * @returns {Promise<{ deleted: boolean, dtId?: string, reason?: string }>}
 */
export async function deleteTwinOfDevice(event, { twins }) {
  const opType = event.opType ?? event.properties?.opType;
  if (opType !== 'deleteDeviceIdentity') return { deleted: false, reason: `ignored ${opType ?? 'an event without opType'}` };
  // Azure's lifecycle event body is the device twin, tags included; the console's host passes dtId as a property.
  let dtId = event.body?.tags?.dtId || event.properties?.dtId;
  if (!dtId && !/['\\]/.test(event.deviceId)) {
    // Neither the event nor an enrichment names the twin: find it by the registration id it carries.
    for await (const found of twins.queryTwins(`SELECT * FROM digitaltwins T WHERE T.HubRegistrationId = '${event.deviceId}'`)) {
      dtId = found.$dtId;
      break;
    }
  }
  dtId ??= event.deviceId;
  let twin;
  try {
    twin = await twins.getDigitalTwin(dtId);
  } catch (error) {
    if (error?.statusCode === 404) return { deleted: false, dtId, reason: 'no twin' };
    throw error;
  }
  for await (const relationship of twins.listRelationships(dtId)) {
    await twins.deleteRelationship(dtId, relationship.$relationshipId, { ifMatch: relationship.$etag });
  }
  for await (const incoming of twins.listIncomingRelationships(dtId)) {
    await twins.deleteRelationship(incoming.sourceId, incoming.relationshipId);
  }
  await twins.deleteDigitalTwin(dtId, { ifMatch: twin.etag });
  return { deleted: true, dtId };
}
