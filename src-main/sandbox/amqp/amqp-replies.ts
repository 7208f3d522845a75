import rhea from 'rhea';
import type { Connection, Message, Sender } from 'rhea';

/** An AMQP error as a link detach carries it (`condition` is an AMQP symbol such as `amqp:not-found`). */
export interface AmqpError {
  condition: string;
  description: string;
  info?: Record<string, unknown>;
}

export const notFound = (description: string): AmqpError => ({ condition: 'amqp:not-found', description });
export const unauthorized = (description: string): AmqpError => ({ condition: 'amqp:unauthorized-access', description });

/** The sender link of this connection whose peer receives from `source` (e.g. `$cbs`). */
export function senderWithSource(connection: Connection, source: string): Sender | undefined {
  return findSender(connection, (sender) => sender.source?.address === source);
}

/** The sender link whose peer's receiving address (its target) is `address`: `$management` replies go there. */
export function senderWithTarget(connection: Connection, address: string): Sender | undefined {
  return findSender(connection, (sender) => sender.target?.address === address || sender.name === address);
}

function findSender(connection: Connection, match: (sender: Sender) => boolean): Sender | undefined {
  let found: Sender | undefined;
  (connection as unknown as { each_sender(action: (link: Sender) => void): void }).each_sender((sender) => {
    if (!found && sender.is_open() && match(sender)) found = sender;
  });
  return found;
}

/** A request/response reply: correlated on the request's message id, status as an int (amqp-wire.md §3). */
export function statusReply(request: Message, status: number, description: string, body?: unknown): Message {
  return {
    correlation_id: request.message_id,
    application_properties: { 'status-code': rhea.types.wrap_int(status), 'status-description': description },
    body: body ?? null,
  };
}
