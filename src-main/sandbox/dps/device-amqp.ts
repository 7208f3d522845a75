import rhea from 'rhea';
import type { Connection, Delivery, EventContext, Message, Receiver, Sender } from 'rhea';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { AmqpError } from '../amqp/amqp-replies.ts';
import { senderWithSource, unauthorized } from '../amqp/amqp-replies.ts';
import { bodyBytes } from '../amqp/service-links.ts';
import { commonName } from '../server/certificate-chain.ts';
import { deviceCredential } from './device-credential.ts';
import type { DeviceReply, DeviceSession } from './device-requests.ts';
import { connectSession, errorReply, operationStatusRequest, registerRequest } from './device-requests.ts';
import { DpsError, DpsErrorCode, errorBody } from './dps-errors.ts';
import type { DpsStore } from './dps-store.ts';
import type { RegistrationService } from './registration.ts';

/** Both links of a registration attach on `<idScope>/registrations/<registrationId>`. */
const ADDRESS = /^(?:amqps:\/\/[^/]+\/)?([^/]+)\/registrations\/([^/]+)$/;
/** The SASL PLAIN user name of a symmetric-key device. */
const USERNAME = /^([^/]+)\/registrations\/([^/]+)$/;

const OPERATION_TYPE = 'iotdps-operation-type';
const REGISTER = 'iotdps-register';
const OPERATION_STATUS = 'iotdps-get-operationstatus';

export interface DeviceAmqpOptions {
  store: DpsStore;
  idScope: string;
  registrations: RegistrationService;
}

export interface DeviceAmqp {
  /** Serves one AMQP 1.0 connection on a decrypted stream: a TLS socket, or a WebSocket (`AMQPWSB10`) stream. */
  handle(socket: Duplex): void;
  close(): void;
}

/**
 * How a refused request reaches an AMQP device: its delivery is rejected with the condition the
 * SDK translates (azure-iot-amqp-base `translateError`). Throttling carries `retry-after`, which
 * the SDK waits before it asks again.
 */
function rejection(error: DpsError, retryAfter: number | undefined): AmqpError {
  const condition =
    error.status === 400
      ? 'com.microsoft:argument-error'
      : error.status === 401
        ? 'amqp:unauthorized-access'
        : error.status === 404
          ? 'amqp:not-found'
          : error.status === 429
            ? 'com.microsoft:device-container-throttled'
            : 'amqp:internal-error';
  return { condition, description: error.message, info: { errorCode: String(error.errorCode), ...(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}) } };
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * DPS device registration over AMQP 1.0 (azure-iot-provisioning-device-amqp's Amqp and AmqpWs).
 * A symmetric-key device presents its SAS token in SASL PLAIN (user `<idScope>/registrations/<id>`);
 * an X.509 device its TLS client certificate (registration id = CN). Either is judged when the
 * connection opens; a device that does not attest gets the connection closed with
 * `amqp:unauthorized-access` and the DPS error body as description, as the service does. A device
 * that does then sends `iotdps-register` and `iotdps-get-operationstatus` messages and gets each
 * answer — the same JSON as over MQTT and HTTPS, with `retry-after` — on its receiving link,
 * correlated on the request's `correlation_id`. TPM's SASL mechanism is not offered.
 */
export function createDeviceAmqp(options: DeviceAmqpOptions): DeviceAmqp {
  const connections = new Set<Duplex>();

  const handle = (socket: Duplex) => {
    let session: DeviceSession | undefined;
    let claimed: { registrationId: string; password: string } | undefined;
    const container = rhea.create_container({ id: 'sandbox-dps', autoaccept: false });
    // No SASL at all (an X.509 device sends a bare AMQP header) is let through by ANONYMOUS.
    container.sasl_server_mechanisms.enable_anonymous();
    // As the service does, SASL takes any PLAIN user of this id scope; the token is judged once the connection opens.
    container.sasl_server_mechanisms.enable_plain((username: string, password: string) => {
      const match = USERNAME.exec(username ?? '');
      const registrationId = match ? decode(match[2] ?? '') : null;
      if (!match || match[1] !== options.idScope || registrationId === null) return false;
      claimed = { registrationId, password };
      return true;
    });
    const connection = container.create_connection({ container_id: 'sandbox-dps' } as never) as Connection & { accept(socket: Duplex): Connection };
    connections.add(socket);

    /** The device this connection proves: the SAS token from SASL, else the TLS client certificate (registration id = its CN). */
    const prove = (): DpsError | undefined => {
      const credential = deviceCredential(claimed?.password, claimed ? undefined : (socket as TLSSocket));
      const leaf = credential.kind === 'x509' ? credential.chain[0] : undefined;
      const registrationId = claimed?.registrationId ?? (leaf ? commonName(leaf) : undefined);
      if (registrationId === undefined) return new DpsError(DpsErrorCode.unauthorized, 'Unauthorized: present a SAS token (SASL PLAIN) or a client certificate (X.509).');
      session = connectSession(options.store, options.idScope, registrationId, credential) ?? undefined;
      return session ? undefined : new DpsError(DpsErrorCode.unauthorized, `Unauthorized: no enrollment matches this registration id and ${credential.kind === 'x509' ? 'client certificate' : 'key'}.`);
    };
    // A device that does not prove itself hears it when the connection opens, with the service's error body (close, amqp:unauthorized-access).
    connection.on('connection_open', () => {
      const refused = prove();
      if (!refused) return;
      connection.close({ condition: 'amqp:unauthorized-access', description: JSON.stringify(errorBody(refused)) } as never);
      // A peer that never answers the close does not keep the socket.
      setTimeout(() => socket.destroy(), 5_000).unref();
    });

    /** A link must name the registration the connection proved. */
    const admit = (address: string): AmqpError | undefined => {
      const match = ADDRESS.exec(address);
      const registrationId = match ? decode(match[2] ?? '') : null;
      if (!match || match[1] !== options.idScope || registrationId === null) return { condition: 'amqp:not-found', description: `The address '${address.slice(0, 200)}' is not a registration of this id scope.` };
      if (!session) return unauthorized('Unauthorized: the connection has not proved a device.');
      return session.registrationId === registrationId ? undefined : unauthorized('Unauthorized: the link names another registration than the connection proved.');
    };

    /** Echoes the link's address on attach and closes it at once when the connection may not use it. */
    const answerAttach = (link: Receiver | Sender, address: string, echo: () => void) => {
      echo();
      const refused = admit(address);
      if (refused) link.close(refused as never);
    };
    // The device's sending link names the registration as its target, its receiving link as its source.
    connection.on('receiver_open', (event: EventContext) => {
      const link = event.receiver as Receiver;
      const address = link.target?.address ?? '';
      answerAttach(link, address, () => link.set_target({ address }));
    });
    connection.on('sender_open', (event: EventContext) => {
      const link = event.sender as Sender;
      const address = link.source?.address ?? '';
      answerAttach(link, address, () => link.set_source({ address }));
    });

    connection.on('message', (event: EventContext) => {
      const link = event.receiver as Receiver;
      const delivery = event.delivery as Delivery;
      const request = event.message as Message;
      const current = session;
      if (!current) return delivery.reject(unauthorized('Unauthorized: the connection has not proved a device.') as never);
      void answer(current, request).then((reply) => {
        if ('error' in reply) return delivery.reject(rejection(reply.error, reply.retryAfter) as never);
        delivery.accept();
        const sender = senderWithSource(link.connection, link.target?.address ?? '');
        sender?.send({
          correlation_id: request.correlation_id,
          content_type: 'application/json',
          application_properties: { [OPERATION_TYPE]: (request.application_properties as Record<string, unknown> | undefined)?.[OPERATION_TYPE], ...(reply.retryAfter !== undefined ? { 'retry-after': String(reply.retryAfter) } : {}) },
          body: rhea.message.data_section(Buffer.from(JSON.stringify(reply.body))),
        });
      });
    });

    const forget = () => connections.delete(socket);
    connection.on('disconnected', forget);
    connection.on('connection_close', forget);
    // Protocol errors end this connection only; the listener keeps serving.
    connection.on('error', () => {});
    container.on('error', () => {});
    socket.on('error', () => socket.destroy());
    connection.accept(socket);
  };

  /** One request message → the reply the device gets, or the error its delivery is rejected with. */
  const answer = async (session: DeviceSession, request: Message): Promise<DeviceReply | (DeviceReply & { error: DpsError })> => {
    const properties = (request.application_properties ?? {}) as Record<string, unknown>;
    try {
      switch (properties[OPERATION_TYPE]) {
        case REGISTER:
          return await registerRequest(options.registrations, session, bodyBytes(request.body).toString('utf8'));
        case OPERATION_STATUS: {
          const operationId = properties['iotdps-operation-id'];
          return operationStatusRequest(options.registrations, session, typeof operationId === 'string' ? operationId : undefined);
        }
        default:
          return errorReply(new DpsError(DpsErrorCode.badRequest, `Unknown ${OPERATION_TYPE} '${String(properties[OPERATION_TYPE]).slice(0, 100)}'.`));
      }
    } catch (error) {
      return errorReply(error);
    }
  };

  return {
    handle,
    close: () => {
      for (const socket of connections) socket.destroy();
      connections.clear();
    },
  };
}
