import {
  AppError,
  isChannelName,
  requestChannels,
  type ChannelName,
  type ErrorDetail,
  type ParsedRequestOf,
  type ResponseOf,
  type Result,
} from '../../src-shared/contract/index.ts';
import { zodDetails } from '../../src-shared/contract/zod-details.ts';
import { redactSecrets } from '../security/redact.ts';

/** Who is calling: which shell carried the request. Handlers may use it (e.g. for the profile log). */
export interface CallContext {
  shell: 'electron' | 'web';
}

export type Handler<C extends ChannelName> = (
  request: ParsedRequestOf<C>,
  context: CallContext,
) => Promise<ResponseOf<C>> | ResponseOf<C>;

export type Handlers = { [C in ChannelName]: Handler<C> };
export type HandlerGroup<C extends ChannelName> = { [K in C]: Handler<K> };

export interface Router {
  /** Validates the channel and payload, runs the handler, and always resolves with an envelope. */
  handle(channel: unknown, payload: unknown, context: CallContext): Promise<Result<unknown>>;
}

export interface RouterOptions {
  /** Called with every unexpected (non-AppError) failure, for the log; never with a secret-free guarantee. */
  onInternalError?: (channel: string, error: unknown) => void;
}

/** A handler's reply that does not match its channel's response schema: a bug, reported without the reply itself. */
export class ReplyContractError extends Error {
  constructor(channel: string, details: ErrorDetail[]) {
    // Paths and zod's messages only: never the offending values, which may be the very secret that must not cross.
    super(redactSecrets(`the reply did not match the response schema of ${channel}: ${describeDetails(details)}`));
    this.name = 'ReplyContractError';
  }
}

function describeDetails(details: ErrorDetail[]): string {
  return details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ');
}

/** The one place requests enter the main process, whichever shell carried them. */
export function createRouter(handlers: Handlers, options: RouterOptions = {}): Router {
  return {
    async handle(channel, payload, context) {
      if (!isChannelName(channel)) {
        return { ok: false, error: { code: 'unknown_channel', message: `Unknown channel: ${String(channel).slice(0, 80)}` } };
      }
      const spec = requestChannels[channel];
      const parsed = spec.request.safeParse(payload);
      if (!parsed.success) {
        const details = zodDetails(parsed.error);
        return {
          ok: false,
          error: { code: 'validation', message: `Invalid request for ${channel}: ${describeDetails(details)}`, details },
        };
      }
      try {
        const handler = handlers[channel] as (req: unknown, ctx: CallContext) => unknown;
        const value = await handler(parsed.data, context);
        // The reply crosses to the renderer only as its schema's output: unknown keys are stripped
        // (a key a service added one day never leaves), and a reply of the wrong shape is refused.
        const reply = spec.response.safeParse(value);
        if (!reply.success) throw new ReplyContractError(channel, zodDetails(reply.error));
        return { ok: true, value: reply.data };
      } catch (error) {
        if (error instanceof AppError) {
          const shape = error.toShape();
          return { ok: false, error: { ...shape, message: redactSecrets(shape.message) } };
        }
        options.onInternalError?.(channel, error);
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: { code: 'internal', message: redactSecrets(`${channel} failed: ${message}`) } };
      }
    },
  };
}
