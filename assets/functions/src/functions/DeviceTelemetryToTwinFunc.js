import { app } from '@azure/functions';
import { telemetryToTwin } from '../lib/telemetry.js';
import { twinsClient } from './adt-client.js';

// Device messages routed from the hub to the `deviceevents` event hub, enriched with dtId = $twin.tags.dtId.
app.eventHub('DeviceTelemetryToTwinFunc', {
  connection: 'EVENTHUB_CONNECTIONSTRING',
  eventHubName: 'deviceevents',
  cardinality: 'many',
  handler: async (messages, context) => {
    for (const [i, body] of messages.entries()) {
      const properties = context.triggerMetadata?.propertiesArray?.[i] ?? {};
      const system = context.triggerMetadata?.systemPropertiesArray?.[i] ?? {};
      const deviceId = system['iothub-connection-device-id'];
      const result = await telemetryToTwin({ deviceId, body, properties }, { twins: twinsClient() });
      if (!result.updated) context.log(`skipped a message from ${deviceId}: ${result.reason}`);
    }
  },
});
