import type { EventStore } from './event-store.ts';

/** A reader's start: after a sequence number, or a position still to be resolved against the store. */
export type StartFilter =
  | { kind: 'offset'; value: string; inclusive: boolean }
  | { kind: 'sequence'; value: number; inclusive: boolean }
  | { kind: 'time'; valueMs: number; inclusive: boolean };

const SELECTOR = /^amqp\.annotation\.x-opt-(offset|sequence-number|enqueued-time)\s*(>=|>)\s*'([^']*)'$/;

/**
 * Parses the selector filter `@azure/event-hubs` sends on attach (amqp-wire.md §5), e.g.
 * `amqp.annotation.x-opt-offset > '-1'`. No filter means from the start; a filter this does not
 * understand is an error (the service refuses it too).
 */
export function parseStartFilter(filter: unknown): StartFilter | null | 'invalid' {
  const expression = selectorText(filter);
  if (expression === undefined) return null;
  const match = SELECTOR.exec(expression.trim());
  if (!match) return 'invalid';
  const [, field, operator, raw] = match as unknown as [string, string, string, string];
  const inclusive = operator === '>=';
  if (field === 'offset') return { kind: 'offset', value: raw, inclusive };
  const value = Number(raw);
  if (!Number.isFinite(value)) return 'invalid';
  return field === 'sequence-number' ? { kind: 'sequence', value, inclusive } : { kind: 'time', valueMs: value, inclusive };
}

function selectorText(filter: unknown): string | undefined {
  if (!filter || typeof filter !== 'object') return undefined;
  const entry = (filter as Record<string, unknown>)['apache.org:selector-filter:string'];
  if (entry === undefined) return undefined;
  if (typeof entry === 'string') return entry;
  const value = (entry as { value?: unknown }).value;
  if (typeof value === 'string') return value;
  const inner = (value as { value?: unknown } | undefined)?.value;
  return typeof inner === 'string' ? inner : '';
}

/** The sequence number the reader starts after. */
export function resolveStart(store: EventStore, entity: string, partition: number, filter: StartFilter | null): number {
  const info = store.info(entity, partition);
  if (filter === null) return info.beginSeq - 1;
  if (filter.kind === 'sequence') return filter.inclusive ? filter.value - 1 : filter.value;
  if (filter.kind === 'time') return store.seqBeforeTime(entity, partition, filter.valueMs, filter.inclusive);
  if (filter.value === '@latest') return info.lastSeq;
  const offset = Number(filter.value);
  if (offset < 0) return info.beginSeq - 1;
  return store.seqBeforeOffset(entity, partition, offset, filter.inclusive);
}
