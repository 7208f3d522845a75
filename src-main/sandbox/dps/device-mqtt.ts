import { Aedes } from 'aedes';
import type { AuthenticateError, AuthErrorCode, Client, PublishPacket } from 'aedes';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { Attested, DeviceCredential } from './attestation.ts';
import { attest } from './attestation.ts';
import { deviceCredential } from './device-credential.ts';
import { DpsError, DpsErrorCode, errorBody } from './dps-errors.ts';
import type { DpsStore } from './dps-store.ts';
import type { OperationStatus, RegistrationService } from './registration.ts';

const RESPONSE_FILTER = '$dps/registrations/res/#';
const REGISTER_PREFIX = '$dps/registrations/PUT/iotdps-register/';
const STATUS_PREFIX = '$dps/registrations/GET/iotdps-get-operationstatus/';
/** `<idScope>/registrations/<registrationId>/api-version=...` — note: no `?` before api-version. */
const USERNAME = /^([^/]+)\/registrations\/([^/]+)\/(?:\?)?api-version=[^&]+/;

interface Session {
  registrationId: string;
  credential: DeviceCredential;
  /** What CONNECT proved; reused by the register request while the enrollment is unchanged. */
  attested?: Attested;
}

function refuse(message: string, code: number): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: code as AuthErrorCode });
}

export interface DeviceMqttOptions {
  store: DpsStore;
  idScope: string;
  registrations: RegistrationService;
}

/** Seconds a device should wait before polling: at once when the answer is ready, else a second. */
export function retryAfterSeconds(status: OperationStatus): number {
  return status.status === 'assigning' ? 1 : 0;
}

/**
 * DPS device registration over MQTT (azure-wire.md §3): CONNECT proves the device, PUBLISH on
 * the register / operation-status topics starts and polls, and each answer goes to that one
 * connection with client.publish — never through subscriptions shared by every device.
 */
export async function createDeviceMqtt(options: DeviceMqttOptions): Promise<{ handle: (socket: Duplex) => void; close: () => Promise<void> }> {
  const sessions = new WeakMap<Client, Session>();

  const reply = (client: Client, status: number, rid: string, body: unknown, retryAfter?: number) => {
    const query = `?$rid=${encodeURIComponent(rid)}${retryAfter !== undefined ? `&retry-after=${retryAfter}` : ''}`;
    const packet: PublishPacket = { cmd: 'publish', topic: `$dps/registrations/res/${status}/${query}`, payload: Buffer.from(JSON.stringify(body)), qos: 0, dup: false, retain: false };
    client.publish(packet, () => undefined);
  };

  const onRequest = async (client: Client, session: Session, packet: PublishPacket) => {
    const queryStart = packet.topic.indexOf('?');
    const query = new URLSearchParams(queryStart >= 0 ? packet.topic.slice(queryStart + 1) : '');
    const rid = query.get('$rid') ?? '';
    try {
      if (packet.topic.startsWith(REGISTER_PREFIX)) {
        let body: { registrationId?: unknown; payload?: unknown } = {};
        const text = Buffer.from(packet.payload).toString('utf8').trim();
        if (text) {
          try {
            body = JSON.parse(text) as typeof body;
          } catch {
            throw new DpsError(DpsErrorCode.badRequest, 'Register body is not valid JSON.');
          }
        }
        if (body.registrationId !== undefined && body.registrationId !== session.registrationId) {
          throw new DpsError(DpsErrorCode.badRequest, 'The registrationId in the body does not match the connection.');
        }
        const status = await options.registrations.register(session.registrationId, body.payload, session.credential, session.attested);
        reply(client, 202, rid, { operationId: status.operationId, status: 'assigning' }, retryAfterSeconds(status));
        return;
      }
      const operationId = query.get('operationId');
      if (!operationId) throw new DpsError(DpsErrorCode.badRequest, 'operationId is required.');
      const status = options.registrations.operationStatus(session.registrationId, operationId);
      if (status.status === 'assigning') reply(client, 202, rid, status, retryAfterSeconds(status));
      else reply(client, 200, rid, status);
    } catch (error) {
      const known = error instanceof DpsError ? error : new DpsError(DpsErrorCode.internal, 'Internal error.');
      const retryAfter = known.headers['Retry-After'];
      reply(client, known.status, rid, errorBody(known), retryAfter === undefined ? undefined : Number(retryAfter));
    }
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
      let attested: Attested | undefined;
      try {
        attested = attest(options.store, options.idScope, registrationId, credential);
      } catch (error) {
        // TPM and unknown mechanisms still get in, so the register call can answer with the reason.
        if (!(error instanceof DpsError) || error.errorCode !== DpsErrorCode.unsupportedAttestation) return done(refuse('not authorized', 5), false);
      }
      sessions.set(client, { registrationId, credential, ...(attested ? { attested } : {}) });
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
