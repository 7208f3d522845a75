import { randomUUID } from 'node:crypto';
import rhea from 'rhea';
import type { Delivery, EventContext, Message, Receiver, Sender } from 'rhea';
import type { C2dOutcome } from '../hub/c2d-queue.ts';
import type { DeviceRegistry } from '../hub/device-registry.ts';
import type { DeviceSessions } from '../hub/device-sessions.ts';
import { encodePropertyBag, parsePropertyBag } from '../hub/property-bag.ts';
import { HubServiceError } from '../hub/service-error.ts';
import type { LinkContext, LinkHandlers } from './amqp-endpoint.ts';
import { unauthorized } from './amqp-replies.ts';
import type { FeedbackStore } from './feedback-store.ts';
import { idText } from './amqp-ids.ts';

const DEVICEBOUND = '/messages/devicebound';
const FEEDBACK = /^\/messages\/servicebound\/feedback$/i;
const TO = /^\/devices\/([^/]+)\/messages\/devicebound$/;
const C2D_MAX_BYTES = 64 * 1024;
const FEEDBACK_BATCH = 100;
const FEEDBACK_DESCRIPTIONS: Record<C2dOutcome, string> = {
  Success: 'Success',
  Expired: 'Message expired',
  DeliveryCountExceeded: 'Message delivery count exceeded',
  Rejected: 'Message rejected',
};

export interface ServiceLinkDeps {
  registry: DeviceRegistry;
  sessions: DeviceSessions;
  feedback: FeedbackStore;
  /** Counts one accepted cloud-to-device message (sandbox stats). */
  onSent: () => void;
}

/** An AMQP body as bytes: data sections (what the SDKs send), strings, or other values as JSON. */
export function bodyBytes(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  const content = (body as { content?: unknown } | null)?.content;
  if (Buffer.isBuffer(content)) return content;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(JSON.stringify(body ?? null), 'utf8');
}

/** An id as text: a UUID (the service Client sends UUID-shaped ids as the AMQP uuid type) as its string form. */
const text = (value: unknown): string | undefined => idText(value)?.text;

/**
 * The service Client's AMQP links (amqp-wire.md §6): cloud-to-device sends on `/messages/devicebound`
 * go into the hub's durable C2D queue (an MQTT device gets them as before) and are accepted once
 * stored; delivery feedback for messages sent with `iothub-ack` waits in sqlite until the feedback
 * receiver accepts the batch that carried it.
 */
export function serviceLinks(deps: ServiceLinkDeps): LinkHandlers {
  deps.sessions.c2dQueue.onOutcome((deviceId, message, outcome) => {
    const bag = parsePropertyBag(message.topicBag);
    const ack = bag.application['iothub-ack'];
    // positive: completions only; negative: everything else; full: both.
    if (ack !== 'full' && ack !== (outcome === 'Success' ? 'positive' : 'negative')) return;
    const generationId = deps.registry.store.get(deviceId)?.generationId ?? '';
    deps.feedback.add({
      originalMessageId: bag.system['messageId'] ?? '',
      description: FEEDBACK_DESCRIPTIONS[outcome],
      deviceGenerationId: generationId,
      deviceId,
      enqueuedTimeUtc: message.createdTime ?? new Date().toISOString(),
      statusCode: outcome,
    });
  });

  return {
    receiving: (address, _link, context) => {
      if (address.toLowerCase() !== DEVICEBOUND) return undefined;
      if (!context.grants.allows('ServiceConnect')) return unauthorized('Unauthorized: sending to devices needs a token with ServiceConnect.');
      return () => {};
    },
    sending: (address, link, context) => (FEEDBACK.test(address) ? serveFeedback(deps.feedback, link, context) : undefined),
    message: (link: Receiver, message: Message, event: EventContext) => {
      if ((link.target?.address ?? '').toLowerCase() !== DEVICEBOUND) return;
      const delivery = event.delivery as Delivery;
      try {
        sendToDevice(deps, message);
        delivery.accept();
      } catch (error) {
        delivery.reject(amqpErrorFor(error) as never);
      }
    },
  };
}

function sendToDevice(deps: ServiceLinkDeps, message: Message): void {
  const deviceId = TO.exec(text(message.to) ?? '')?.[1];
  if (!deviceId) throw new HubServiceError(400, 'ArgumentInvalid', "The message's 'to' must be /devices/{id}/messages/devicebound.");
  const id = decodeURIComponent(deviceId);
  deps.registry.require(id);
  const payload = bodyBytes(message.body);
  if (payload.length > C2D_MAX_BYTES) throw new HubServiceError(400, 'MessageTooLarge', `A cloud-to-device message is at most ${C2D_MAX_BYTES} bytes.`);
  const system: Record<string, string> = { messageId: text(message.message_id) ?? randomUUID(), to: `/devices/${deviceId}/messages/devicebound` };
  const correlationId = text(message.correlation_id);
  if (correlationId !== undefined) system['correlationId'] = correlationId;
  if (message.content_type !== undefined) system['contentType'] = String(message.content_type);
  if (message.content_encoding !== undefined) system['contentEncoding'] = String(message.content_encoding);
  if (message.absolute_expiry_time instanceof Date) system['expiryTimeUtc'] = message.absolute_expiry_time.toISOString();
  const application: Record<string, string> = {};
  for (const [key, value] of Object.entries((message.application_properties ?? {}) as Record<string, unknown>)) application[key] = text(value) ?? '';
  deps.sessions.queueC2d(id, payload, encodePropertyBag({ system, application }));
  deps.onSent();
}

function amqpErrorFor(error: unknown): { condition: string; description: string } {
  const description = error instanceof Error ? error.message : 'The message could not be sent.';
  if (!(error instanceof HubServiceError)) return { condition: 'amqp:internal-error', description };
  if (error.status === 404) return { condition: 'amqp:not-found', description };
  if (error.code === 'DeviceMaximumQueueDepthExceeded') return { condition: 'amqp:resource-limit-exceeded', description };
  if (error.status === 429) return { condition: 'com.microsoft:device-container-throttled', description };
  return { condition: 'amqp:invalid-field', description };
}

/** Sends waiting feedback in batches (a JSON array per message); a batch is forgotten once accepted. */
function serveFeedback(feedback: FeedbackStore, link: Sender, context: LinkContext): (() => void) | { condition: string; description: string } {
  if (!context.grants.allows('ServiceConnect')) return unauthorized('Unauthorized: feedback needs a token with ServiceConnect.');
  const outstanding = new Map<number, number[]>();
  const inFlight = new Set<number>();
  let stopped = false;
  const pump = () => {
    while (!stopped && link.sendable()) {
      const batch = feedback.next(inFlight, FEEDBACK_BATCH);
      if (batch.ids.length === 0) return;
      for (const id of batch.ids) inFlight.add(id);
      const delivery = link.send({
        message_id: randomUUID(),
        content_type: 'application/vnd.microsoft.iothub.feedback.json',
        content_encoding: 'utf-8',
        body: rhea.message.data_section(Buffer.from(JSON.stringify(batch.records), 'utf8')),
      });
      outstanding.set(delivery.id, batch.ids);
    }
  };
  const release = (event: EventContext, accepted: boolean) => {
    const ids = outstanding.get((event.delivery as Delivery).id);
    if (!ids) return;
    outstanding.delete((event.delivery as Delivery).id);
    if (accepted) feedback.remove(ids);
    for (const id of ids) inFlight.delete(id);
    if (!accepted) setImmediate(pump);
  };
  link.on('accepted', (event: EventContext) => release(event, true));
  link.on('released', (event: EventContext) => release(event, false));
  link.on('rejected', (event: EventContext) => release(event, false));
  link.on('modified', (event: EventContext) => release(event, false));
  link.on('sendable', pump);
  const unsubscribe = feedback.onAdd(pump);
  setImmediate(pump);
  return () => {
    stopped = true;
    unsubscribe();
  };
}
