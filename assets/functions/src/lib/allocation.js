// DPS custom allocation for the seed's ADT integration: the device names its DTDL model in its
// provisioning payload; the function finds (or creates) the device's twin in Azure Digital Twins
// by HubRegistrationId and answers with a linked hub and initial twin tags dtId / dtmi.
// Plain Node (ESM), no Azure Functions types: the Functions entry point and the console's sandbox
// host both call allocate() with a DigitalTwinsClient they built.

const DTMI = /^dtmi:[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?(?::[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?)*;[1-9][0-9]{0,8}$/;

/** ADT query string literal: single quotes doubled are not supported by ADT, so refuse them. */
function literal(value) {
  if (/['\\]/.test(value)) throw new Error(`the value ${JSON.stringify(value)} cannot be used in a query`);
  return `'${value}'`;
}

/** FNV-1a, so a registration id always lands on the same linked hub. */
function pickHub(registrationId, hubs) {
  let hash = 0x811c9dc5;
  for (const char of registrationId) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hubs[hash % hubs.length];
}

const refuse = (reason) => ({ status: 400, body: { message: reason } });

/**
 * @param {any} request the DPS custom allocation request (enrollmentGroup | individualEnrollment, deviceRuntimeContext, linkedHubs)
 * @param {{ twins: import('@azure/digital-twins-core').DigitalTwinsClient }} context
 * @returns {Promise<{ status: number, body: any }>}
 */
export async function allocate(request, { twins }) {
  const runtime = request?.deviceRuntimeContext ?? {};
  const registrationId = runtime.registrationId;
  const modelId = runtime.payload?.modelId;
  const hubs = Array.isArray(request?.linkedHubs) ? request.linkedHubs.filter((hub) => typeof hub === 'string') : [];
  if (typeof registrationId !== 'string' || registrationId === '') return refuse('deviceRuntimeContext.registrationId is missing.');
  if (typeof modelId !== 'string' || !DTMI.test(modelId)) {
    return refuse(`The device ${registrationId} sent no valid modelId in its provisioning payload (got ${JSON.stringify(modelId ?? null)}).`);
  }
  if (hubs.length === 0) return refuse('The enrollment links no IoT hub (linkedHubs is empty).');
  // The common case costs one query: a twin that carries the registration id (of that model or one extending it).
  let dtId;
  const query = `SELECT * FROM DigitalTwins T WHERE T.HubRegistrationId = ${literal(registrationId)} AND IS_OF_MODEL(${literal(modelId)})`;
  for await (const twin of twins.queryTwins(query)) {
    dtId = twin.$dtId;
    break;
  }
  if (!dtId) {
    dtId = registrationId;
    const twin = { $metadata: { $model: modelId }, HubRegistrationId: registrationId };
    try {
      await twins.upsertDigitalTwin(dtId, JSON.stringify(twin), { ifNoneMatch: '*' });
    } catch (error) {
      // 412: a twin with that id exists but does not carry the registration id; use it as it is.
      if (error?.statusCode === 412) return answer(registrationId, hubs, dtId, modelId);
      // Refused: say why in the operator's terms when the model is the cause.
      if (error?.statusCode === 400 && !(await modelExists(twins, modelId))) return refuse(`Unknown model id ${modelId}: it is not uploaded to Azure Digital Twins.`);
      throw error;
    }
  }
  return answer(registrationId, hubs, dtId, modelId);
}

async function modelExists(twins, modelId) {
  try {
    await twins.getModel(modelId, false);
    return true;
  } catch (error) {
    if (error?.statusCode === 404) return false;
    throw error;
  }
}

function answer(registrationId, hubs, dtId, modelId) {
  return {
    status: 200,
    body: { iotHubHostName: pickHub(registrationId, hubs), initialTwin: { tags: { dtId, dtmi: modelId }, properties: { desired: {} } } },
  };
}
