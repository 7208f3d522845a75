import rhea from 'rhea';
import type { Connection, EventContext, Message, Receiver, Sender } from 'rhea';
import type { Duplex } from 'node:stream';
import type { TokenAuthority } from './amqp-auth.ts';
import { ConnectionGrants, checkToken } from './amqp-auth.ts';
import type { AmqpError } from './amqp-replies.ts';
import { notFound, senderWithSource, statusReply, unauthorized } from './amqp-replies.ts';
import type { EventHubCatalog } from './eventhub-links.ts';
import { answerManagement, parsePartitionAddress, servePartition } from './eventhub-links.ts';

/** What a link handler gets: the link, this connection's presented tokens, and a way to refuse. */
export interface LinkContext {
  grants: ConnectionGrants;
  connection: Connection;
  /** The decrypted stream under the connection: its TLS client certificate proves X.509 devices. */
  socket: Duplex;
}

/**
 * Extra link kinds (cloud-to-device, feedback, device links) plug in here: each returns a stop
 * function when it takes the link, an error to detach with, or undefined when the address is not its.
 */
export interface LinkHandlers {
  /** The peer sends to `address` (we receive). */
  receiving?: (address: string, link: Receiver, context: LinkContext) => AmqpError | (() => void) | undefined;
  /** The peer receives from `address` (we send). */
  sending?: (address: string, link: Sender, context: LinkContext) => AmqpError | (() => void) | undefined;
  /** A message arrived on a receiving link a handler took. */
  message?: (link: Receiver, message: Message, context: EventContext, linkContext: LinkContext) => void;
}

export interface AmqpEndpointOptions {
  authority: TokenAuthority;
  catalog: EventHubCatalog;
  /** The built-in endpoint's entity name: `messages/events` on the hub redirects there. */
  builtInEntity: string;
  handlers?: LinkHandlers[];
}

export interface AmqpEndpoint {
  /** Serves one AMQP 1.0 connection on a decrypted byte stream (TLS socket, or a WebSocket stream from `AMQPWSB10`). */
  handleAmqpSocket(socket: Duplex): void;
  close(): void;
}

const REDIRECT_SOURCE = /^(?:amqps:\/\/[^/]+\/)?messages\/events\/?(\$management)?$/i;

type FrameHandler = (frame: { channel: number }) => void;

/**
 * The SDKs' AMQP stack settles a message it received, or returns credit, a moment after it has
 * ended that session (seen with @azure/event-hubs closing a consumer). rhea treats a disposition or
 * flow on a channel the peer ended as a protocol error and drops the connection, and the client's
 * close then waits for an answer that never comes. The service ignores such late frames; so does
 * the sandbox.
 */
function tolerateLateSettlements(connection: Connection): void {
  const internals = connection as unknown as Record<string, unknown> & { remote_channel_map: Record<number, unknown> };
  for (const name of ['on_disposition', 'on_flow']) {
    const original = internals[name] as FrameHandler;
    internals[name] = function (this: typeof internals, frame: { channel: number }) {
      if (this.remote_channel_map[frame.channel] === undefined) return;
      original.call(this, frame);
    };
  }
}

/**
 * The hub's AMQP 1.0 listener (rhea in server mode): SASL ANONYMOUS or none (the IoT SDKs send a
 * bare AMQP header) or PLAIN with a SAS token as password, `$cbs` put-token, the Event
 * Hub-compatible endpoint with `$management`, and the IoT Hub → Event Hubs redirect.
 */
export function createAmqpEndpoint(options: AmqpEndpointOptions): AmqpEndpoint {
  const connections = new Set<Connection>();
  const [hostOnly, portText] = splitHost(options.authority.hostName);

  const handleAmqpSocket = (socket: Duplex) => {
    const grants = new ConnectionGrants();
    // One container per connection: its PLAIN check records the grant on this connection only.
    const container = rhea.create_container({ id: 'sandbox-hub', autoaccept: false });
    container.sasl_server_mechanisms.enable_anonymous();
    container.sasl_server_mechanisms.enable_plain((_username: string, password: string) => {
      const verdict = checkToken(options.authority, password);
      if (verdict.ok) grants.add(verdict.grant);
      return verdict.ok;
    });
    const connection = container.create_connection({ container_id: 'sandbox-hub' } as never) as Connection & { accept(socket: Duplex): Connection };
    const context: LinkContext = { grants, connection, socket };
    const stops = new Map<Sender | Receiver, () => void>();
    connections.add(connection);

    const refuse = (link: Sender | Receiver, error: AmqpError) => link.close(error as never);
    const take = (link: Sender | Receiver, outcome: AmqpError | (() => void) | undefined) => {
      if (outcome === undefined) return false;
      if (typeof outcome === 'function') stops.set(link, outcome);
      else refuse(link, outcome);
      return true;
    };

    connection.on('receiver_open', (event: EventContext) => {
      const link = event.receiver as Receiver;
      const address = link.target?.address ?? '';
      link.set_target({ address });
      if (address === "$cbs" || address === "$management") return;
      for (const handler of options.handlers ?? []) if (take(link, handler.receiving?.(address, link, context))) return;
      refuse(link, notFound(`The messaging entity '${address}' could not be found.`));
    });

    connection.on('sender_open', (event: EventContext) => {
      const link = event.sender as Sender;
      const address = link.source?.address ?? '';
      link.set_source({ address });
      if (address === '$cbs' || address === '$management') return;
      const partition = parsePartitionAddress(address);
      if (partition) {
        if (!grants.allows('ServiceConnect')) return refuse(link, unauthorized('Unauthorized: put a token with ServiceConnect on $cbs first.'));
        return void take(link, servePartition(options.catalog, link, partition));
      }
      if (REDIRECT_SOURCE.test(address)) {
        if (!grants.allows('ServiceConnect')) return refuse(link, unauthorized('Unauthorized: a token with ServiceConnect is required.'));
        return refuse(link, {
          condition: 'amqp:link:redirect',
          description: 'The Event Hub-compatible endpoint is elsewhere.',
          info: { hostname: options.authority.hostName, 'network-host': hostOnly, port: rhea.types.wrap_int(Number(portText) || 5671), address: `amqps://${hostOnly}:${portText || 5671}/${options.builtInEntity}/$management` },
        });
      }
      for (const handler of options.handlers ?? []) if (take(link, handler.sending?.(address, link, context))) return;
      refuse(link, notFound(`The messaging entity '${address}' could not be found.`));
    });

    connection.on('message', (event: EventContext) => {
      const link = event.receiver as Receiver;
      const message = event.message as Message;
      const address = link.target?.address ?? '';
      if (address === '$cbs') {
        event.delivery?.accept();
        return putToken(options.authority, grants, link, message);
      }
      if (address === '$management') {
        event.delivery?.accept();
        if (!grants.allows('ServiceConnect')) {
          const token = (message.application_properties as Record<string, unknown> | undefined)?.['security_token'];
          const verdict = typeof token === 'string' ? checkToken(options.authority, token) : null;
          if (verdict?.ok) grants.add(verdict.grant);
        }
        return answerManagement(options.catalog, link, message);
      }
      for (const handler of options.handlers ?? []) handler.message?.(link, message, event, context);
    });

    const stopLink = (event: EventContext) => {
      const link = (event.sender ?? event.receiver) as Sender | Receiver;
      stops.get(link)?.();
      stops.delete(link);
    };
    connection.on('sender_close', stopLink);
    connection.on('receiver_close', stopLink);
    const stopAll = () => {
      for (const stop of stops.values()) stop();
      stops.clear();
      connections.delete(connection);
    };
    connection.on('disconnected', stopAll);
    connection.on('connection_close', stopAll);
    // Protocol errors end this connection only; the listener keeps serving.
    connection.on('error', () => {});
    container.on('error', () => {});
    socket.on('error', () => socket.destroy());
    tolerateLateSettlements(connection);
    connection.accept(socket);
  };

  return {
    handleAmqpSocket,
    close: () => {
      for (const connection of connections) (connection as unknown as { socket?: Duplex }).socket?.destroy();
      connections.clear();
    },
  };
}

/** CBS put-token: checks the token like the REST API and answers 200 or 401 on the `$cbs` reply link. */
function putToken(authority: TokenAuthority, grants: ConnectionGrants, link: Receiver, request: Message): void {
  const reply = senderWithSource(link.connection, '$cbs');
  const properties = (request.application_properties ?? {}) as Record<string, unknown>;
  if (properties['operation'] !== 'put-token') {
    reply?.send(statusReply(request, 400, `The operation '${String(properties['operation'])}' is not supported on $cbs.`));
    return;
  }
  const verdict = typeof request.body === 'string' ? checkToken(authority, request.body) : { ok: false as const, description: 'Unauthorized: the token must be a string.' };
  if (verdict.ok) grants.add(verdict.grant);
  reply?.send(verdict.ok ? statusReply(request, 200, 'OK') : statusReply(request, 401, verdict.description));
}

function splitHost(hostName: string): [string, string] {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostName);
  return [match?.[1] ?? hostName, match?.[2] ?? ''];
}
