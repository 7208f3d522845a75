import type { MethodCall, MethodResult, MethodTemplate } from '../../../src-shared/contract/channels/device-methods.ts';
import { AppError } from '../../../src-shared/contract/result.ts';
import { redactSecrets } from '../../security/redact.ts';
import type { EventLog } from '../event-log/event-log.ts';
import type { ActiveProfiles } from './devices-service.ts';
import type { DevicesStore } from './devices-store.ts';
import { hubError } from './hub-error.ts';
import { sendCloudToDevice, type CloudToDeviceRequest } from './cloud-to-device.ts';

/** Templates every profile starts with; the operator's own are stored beside them. */
export const BUILT_IN_TEMPLATES: MethodTemplate[] = [
  { name: 'reboot', methodName: 'reboot', payload: '{"delayInSeconds": 0}', responseTimeoutInSeconds: 30, builtIn: true },
  { name: 'firmwareUpdate', methodName: 'firmwareUpdate', payload: '{"fwPackageUri": "https://example.com/firmware/1.0.1.bin", "version": "1.0.1"}', responseTimeoutInSeconds: 120, builtIn: true },
];

export interface DeviceMethodsOptions {
  profiles: ActiveProfiles;
  store: DevicesStore;
  eventLog: EventLog;
}

function parsePayload(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError('validation', `The payload is not JSON: ${(error as Error).message}`, [{ path: 'payload', message: 'The payload must be JSON (or empty)', key: 'devices.payloadNotJson' }]);
  }
}

/** Direct methods with a history per device (every call, answered or not) and reusable templates. */
export class DeviceMethodsService {
  private readonly options: DeviceMethodsOptions;

  constructor(options: DeviceMethodsOptions) {
    this.options = options;
  }

  async invoke(call: Required<MethodCall>): Promise<MethodResult> {
    const payload = parsePayload(call.payload);
    const profileId = await this.options.profiles.activeId();
    const at = Date.now();
    const started = performance.now();
    const what = `calling ${call.methodName} on ${call.deviceId}`;
    let result: Omit<MethodResult, 'id'>;
    try {
      const answer = await this.options.profiles.useActive(
        what,
        async (clients) => {
          // The HTTP request lasts as long as the hub may wait for the device, plus a margin.
          const limitMs = (call.responseTimeoutInSeconds + call.connectTimeoutInSeconds + 15) * 1000;
          const client = clients.withTimeout(limitMs).serviceClient(call.hubHost);
          try {
            return (await client.invokeDeviceMethod(call.deviceId, {
              methodName: call.methodName,
              payload,
              responseTimeoutInSeconds: call.responseTimeoutInSeconds,
              connectTimeoutInSeconds: call.connectTimeoutInSeconds,
            })).result as { status?: number; payload?: unknown };
          } catch (error) {
            throw hubError(error, call.hubHost, what);
          }
        },
        call.hubHost,
      );
      result = this.entry(call, at, started, { outcome: 'ok', status: typeof answer.status === 'number' ? answer.status : null, response: JSON.stringify(answer.payload ?? null), error: null });
    } catch (error) {
      const failure = error instanceof AppError ? error : hubError(error, call.hubHost, what);
      result = this.entry(call, at, started, { outcome: 'failed', status: null, response: null, error: { code: failure.code, message: redactSecrets(failure.message) } });
    }
    const stored = this.options.store.recordCall(profileId, call.hubHost, result);
    this.options.eventLog.append(profileId, {
      kind: 'method-invoked',
      source: 'console',
      deviceId: call.deviceId,
      hubHost: call.hubHost,
      outcome: result.outcome,
      detail: { methodName: call.methodName, status: result.status, errorCode: result.error?.code ?? null, durationMs: result.durationMs },
    });
    return stored;
  }

  async history(hubHost: string, deviceId: string, limit: number): Promise<MethodResult[]> {
    return this.options.store.calls(await this.options.profiles.activeId(), hubHost, deviceId, limit);
  }

  async templates(): Promise<MethodTemplate[]> {
    const own = this.options.store.templates(await this.options.profiles.activeId());
    return [...BUILT_IN_TEMPLATES.filter((t) => !own.some((o) => o.name === t.name)), ...own];
  }

  async saveTemplate(template: Omit<MethodTemplate, 'builtIn'>): Promise<MethodTemplate> {
    parsePayload(template.payload);
    return this.options.store.saveTemplate(await this.options.profiles.activeId(), template);
  }

  async deleteTemplate(name: string): Promise<{ deleted: boolean }> {
    return { deleted: this.options.store.deleteTemplate(await this.options.profiles.activeId(), name) };
  }

  /** A cloud-to-device message through the service SDK, with delivery feedback when asked. */
  async sendMessage(request: CloudToDeviceRequest & { hubHost: string }): Promise<{ messageId: string; feedback: string | null }> {
    const what = `sending a message to ${request.deviceId}`;
    const sent = await this.options.profiles.useActive(
      what,
      async (clients) => {
        try {
          return await sendCloudToDevice(clients.serviceClient(request.hubHost), request);
        } catch (error) {
          throw hubError(error, request.hubHost, what);
        }
      },
      request.hubHost,
    );
    return sent;
  }

  private entry(call: Required<MethodCall>, at: number, started: number, outcome: Pick<MethodResult, 'outcome' | 'status' | 'response' | 'error'>): Omit<MethodResult, 'id'> {
    return { at, deviceId: call.deviceId, methodName: call.methodName, payload: call.payload, durationMs: Math.round(performance.now() - started), ...outcome };
  }
}
