import { app } from '@azure/functions';
import { deleteTwinOfDevice } from '../lib/lifecycle.js';
import { twinsClient } from './adt-client.js';

// Device lifecycle events routed from the hub to the `lifecycleevents` event hub.
app.eventHub('DeleteDeviceInTwinFunc', {
  connection: 'EVENTHUB_CONNECTIONSTRING',
  eventHubName: 'lifecycleevents',
  cardinality: 'many',
  handler: async (events, context) => {
    for (const [i, body] of events.entries()) {
      const properties = context.triggerMetadata?.propertiesArray?.[i] ?? {};
      const deviceId = properties.deviceId ?? context.triggerMetadata?.systemPropertiesArray?.[i]?.['iothub-connection-device-id'];
      const result = await deleteTwinOfDevice({ deviceId, opType: properties.opType ?? null, body, properties }, { twins: twinsClient() });
      context.log(`${properties.opType} ${deviceId}: ${result.deleted ? `deleted twin ${result.dtId}` : result.reason}`);
    }
  },
});
