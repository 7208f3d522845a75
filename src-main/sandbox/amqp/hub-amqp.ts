import type { SandboxDatabase } from '../store/database.ts';
import type { PolicyKeys } from '../hub/access-policies.ts';
import type { HubEvent } from '../hub/hub-events.ts';
import type { MessageProperties } from '../hub/property-bag.ts';
import type { AmqpEndpoint, LinkHandlers } from './amqp-endpoint.ts';
import { createAmqpEndpoint } from './amqp-endpoint.ts';
import { ConsumerGroups } from './consumer-groups.ts';
import { EventIngest } from './event-ingest.ts';
import type { HubMessage } from './event-messages.ts';
import { notification } from './event-messages.ts';
import type { RetentionSettings } from './event-store.ts';
import { EventStore } from './event-store.ts';
import type { EventHubCatalog } from './eventhub-links.ts';
import type { TwinView } from './message-routing.ts';
import { BUILT_IN_ENDPOINT } from './message-routing.ts';
import { RoutingStore } from './routing-store.ts';

export interface HubAmqpOptions {
  db: SandboxDatabase;
  /** The hub's name: also the built-in endpoint's EntityPath (Event Hub-compatible name). */
  hubName: string;
  hostName: string;
  policies: Map<string, PolicyKeys>;
  deviceKeys: (deviceId: string) => string[];
  retention?: RetentionSettings;
  /** The device's twin, for route conditions and enrichments that read `$twin.…`. */
  twin: (deviceId: string) => TwinView | undefined;
  handlers?: LinkHandlers[];
}

export interface HubAmqp {
  endpoint: AmqpEndpoint;
  store: EventStore;
  consumerGroups: ConsumerGroups;
  routing: RoutingStore;
  /** Stores a device's message for its routes; resolves once committed (then the device is acknowledged). */
  deviceMessage(deviceId: string, payload: Buffer, properties: MessageProperties, authMethod: string): Promise<void>;
  /** Lifecycle, twin-change and connection notifications from the hub's event ring. */
  hubEvent(event: HubEvent): void;
  close(): void;
}

const CONNECTION_EVENT: Partial<Record<HubEvent['type'], [HubMessage['source'], string, string]>> = {
  deviceCreated: ['deviceLifecycleEvents', 'createDeviceIdentity', 'deviceLifecycleNotification'],
  deviceDeleted: ['deviceLifecycleEvents', 'deleteDeviceIdentity', 'deviceLifecycleNotification'],
  deviceConnected: ['deviceConnectionStateEvents', 'deviceConnected', 'deviceConnectionStateNotification'],
  deviceDisconnected: ['deviceConnectionStateEvents', 'deviceDisconnected', 'deviceConnectionStateNotification'],
};

/** The hub's Event Hub-compatible side: stored partitions, ingest, and the AMQP endpoint that serves them. */
export function createHubAmqp(options: HubAmqpOptions): HubAmqp {
  const store = new EventStore(options.db, options.hubName, options.retention);
  const consumerGroups = new ConsumerGroups(options.db, options.hubName);
  const ingest = new EventIngest(options.db, store);
  const routing = new RoutingStore(options.db, options.hubName);
  const isBuiltIn = (entity: string) => entity.toLowerCase() === options.hubName.toLowerCase();
  const catalog: EventHubCatalog = {
    store,
    createdAt: new Date(Date.UTC(2026, 0, 1)),
    // Named extra endpoints are Event Hub-compatible entities on this same port (EntityPath = the endpoint's name).
    hasEntity: (entity) => isBuiltIn(entity) || routing.router.config.endpoints.some((e) => e.name === entity),
    hasConsumerGroup: (entity, group) => (isBuiltIn(entity) ? consumerGroups.has(group) : true),
  };
  const endpoint = createAmqpEndpoint({
    authority: { hostName: options.hostName, policies: options.policies, deviceKeys: options.deviceKeys },
    catalog,
    builtInEntity: options.hubName,
    ...(options.handlers ? { handlers: options.handlers } : {}),
  });

  const write = (message: HubMessage) =>
    ingest.write(
      routing.router
        .route(message, () => options.twin(message.deviceId))
        .map((delivery) => ({ entity: delivery.endpoint === BUILT_IN_ENDPOINT ? options.hubName : delivery.endpoint, message: delivery.message })),
    );

  return {
    endpoint,
    store,
    consumerGroups,
    routing,
    deviceMessage: (deviceId, payload, properties, authMethod) =>
      write({
        deviceId,
        source: 'Telemetry',
        body: payload,
        system: properties.system,
        application: properties.application,
        ...(properties.uuidIds ? { uuidIds: properties.uuidIds } : {}),
        annotations: { 'iothub-connection-auth-method': authMethod, 'iothub-connection-auth-generation-id': '639000000000000000' },
        enqueuedMs: Date.now(),
      }),
    hubEvent: (event) => {
      let message: HubMessage | undefined;
      if (event.type === 'twinChanged') {
        const section = event.section === 'tags' ? { tags: event.patch } : { properties: { [event.section]: event.patch } };
        message = notification(event.deviceId, 'twinChangeEvents', 'updateTwin', 'twinChangeNotification', options.hubName, { version: event.version, ...section });
      } else {
        const kind = CONNECTION_EVENT[event.type];
        if (kind) message = notification(event.deviceId, kind[0], kind[1], kind[2], options.hubName, { deviceId: event.deviceId });
      }
      if (message) write(message).catch(() => {});
    },
    close: () => {
      endpoint.close();
      store.close();
    },
  };
}
