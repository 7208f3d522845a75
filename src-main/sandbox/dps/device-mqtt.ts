import { Aedes } from 'aedes';
import type { AuthenticateError, AuthErrorCode, Client, PublishPacket } from 'aedes';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { deviceCredential } from './device-credential.ts';
import type { DeviceReply, DeviceSession } from './device-requests.ts';
import { connectSession, errorReply, operationStatusRequest, registerRequest } from './device-requests.ts';
import type { DpsStore } from './dps-store.ts';
import type { RegistrationService } from './registration.ts';

const RESPONSE_FILTER = '$dps/registrations/res/#';
const REGISTER_PREFIX = '$dps/registrations/PUT/iotdps-register/';
const STATUS_PREFIX = '$dps/registrations/GET/iotdps-get-operationstatus/';
/** `<idScope>/registrations/<registrationId>/api-version=...` — note: no `?` before api-version. */
const USERNAME = /^([^/]+)\/registrations\/([^/]+)\/(?:\?)?api-version=[^&]+/;

function refuse(message: string, code: number): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: code as AuthErrorCode });
}

export interface DeviceMqttOptions {
  store: DpsStore;
  idScope: string;
  registrations: RegistrationService;
}

/**
 * DPS device registration over MQTT (azure-wire.md §3): CONNECT proves the device, PUBLISH on
 * the register / operation-status topics starts and polls, and each answer goes to that one
 * connection with client.publish — never through subscriptions shared by every device.
 */
export async function createDeviceMqtt(options: DeviceMqttOptions): Promise<{ handle: (socket: Duplex) => void; close: () => Promise<void> }> {
  const sessions = new WeakMap<Client, DeviceSession>();

  const reply = (client: Client, status: number, rid: string, body: unknown, retryAfter?: number) => {
    const query = `?$rid=${encodeURIComponent(rid)}${retryAfter !== undefined ? `&retry-after=${retryAfter}` : ''}`;
    const packet: PublishPacket = { cmd: 'publish', topic: `$dps/registrations/res/${status}/${query}`, payload: Buffer.from(JSON.stringify(body)), qos: 0, dup: false, retain: false };
    client.publish(packet, () => undefined);
  };

  const onRequest = async (client: Client, session: DeviceSession, packet: PublishPacket) => {
    const queryStart = packet.topic.indexOf('?');
    const query = new URLSearchParams(queryStart >= 0 ? packet.topic.slice(queryStart + 1) : '');
    const rid = query.get('$rid') ?? '';
    let answer: DeviceReply;
    try {
      answer = packet.topic.startsWith(REGISTER_PREFIX)
        ? await registerRequest(options.registrations, session, Buffer.from(packet.payload).toString('utf8'))
        : operationStatusRequest(options.registrations, session, query.get('operationId') ?? undefined);
    } catch (error) {
      answer = errorReply(error);
    }
    reply(client, answer.status, rid, answer.body, answer.retryAfter);
  };

  const broker = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      const match = USERNAME.exec(username ?? '');
      if (!match || match[1] !== options.idScope) return done(refuse('unknown id scope', 5), false);
      let registrationId: string;
      try {
        registrationId = decodeURIComponent(match[2] ?? '');
      } catch {
        return done(refuse('malformed user name', 4), false);
      }
      if (registrationId !== client.id) return done(refuse('client id must be the registration id', 2), false);
      const credential = deviceCredential(password?.toString('utf8'), client.conn as TLSSocket);
      const session = connectSession(options.store, options.idScope, registrationId, credential);
      if (!session) return done(refuse('not authorized', 5), false);
      sessions.set(client, session);
      done(null, true);
    },
    authorizeSubscribe: (_client, subscription, callback) => {
      callback(null, subscription.topic === RESPONSE_FILTER ? subscription : null);
    },
    authorizePublish: (client, packet, callback) => {
      const session = client ? sessions.get(client) : undefined;
      if (!client || !session || !(packet.topic.startsWith(REGISTER_PREFIX) || packet.topic.startsWith(STATUS_PREFIX))) {
        return callback(new Error('topic not allowed'));
      }
      callback(null);
      void onRequest(client, session, packet);
    },
  });
  return {
    handle: (socket) => {
      broker.handle(socket);
    },
    close: () => new Promise<void>((resolve) => broker.close(() => resolve())),
  };
}
