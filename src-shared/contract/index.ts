import type { z } from 'zod';
import { requestChannels } from './channels/index.ts';
import { eventChannels } from './events.ts';

export { requestChannels } from './channels/index.ts';
export { eventChannels } from './events.ts';
export * from './result.ts';

export type RequestChannels = typeof requestChannels;
export type ChannelName = keyof RequestChannels;
export type RequestOf<C extends ChannelName> = z.input<RequestChannels[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<RequestChannels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<RequestChannels[C]['response']>;

export type EventChannels = typeof eventChannels;
export type EventName = keyof EventChannels;
export type EventOf<E extends EventName> = z.output<EventChannels[E]>;

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(requestChannels, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(eventChannels, name);
}
