import type { GeneratorField, TelemetrySource } from './protocol.ts';

/** Produces one device's message bodies in order: a JSON-lines file looped, or generated fields. */
export interface TelemetryStream {
  next(): string;
}

/** Each device starts at its own line so a fleet does not send the same line at once. */
export function telemetryStream(source: TelemetrySource, deviceIndex: number): TelemetryStream {
  if (source.kind === 'jsonl') return jsonLines(source.lines, deviceIndex);
  return generated(source.fields, deviceIndex);
}

function jsonLines(lines: string[], offset: number): TelemetryStream {
  let index = lines.length ? offset % lines.length : 0;
  return {
    next() {
      if (!lines.length) return '{}';
      const line = lines[index]!;
      index = (index + 1) % lines.length;
      return line;
    },
  };
}

function generated(fields: GeneratorField[], seed: number): TelemetryStream {
  const state = fields.map((field) => ({ field, value: initial(field, seed), step: 0 }));
  return {
    next() {
      const body: Record<string, number> = {};
      for (const entry of state) {
        entry.value = advance(entry.field, entry.value, entry.step);
        entry.step += 1;
        body[entry.field.name] = round(entry.value);
      }
      return JSON.stringify(body);
    },
  };
}

function initial(field: GeneratorField, seed: number): number {
  if (field.kind === 'counter') return field.min - (field.period || 1);
  const span = field.max - field.min;
  return field.min + ((seed * 7919) % 1000) / 1000 * span;
}

/** The next value of a generator; exported for tests. */
export function advance(field: GeneratorField, value: number, step: number): number {
  const span = field.max - field.min;
  switch (field.kind) {
    case 'random-walk': {
      const next = value + (Math.random() - 0.5) * span * 0.1;
      return Math.min(field.max, Math.max(field.min, next));
    }
    case 'sine': {
      const period = field.period > 0 ? field.period : 60;
      return field.min + span / 2 + (span / 2) * Math.sin((2 * Math.PI * step) / period);
    }
    case 'step': {
      const length = field.period > 0 ? field.period : 10;
      return Math.floor(step / length) % 2 === 0 ? field.min : field.max;
    }
    case 'counter': {
      const next = value + (field.period || 1);
      return next > field.max ? field.min : next;
    }
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The next wait: interval ± jitter, never below 10 ms. */
export function nextDelay(intervalMs: number, jitterMs: number): number {
  const jitter = jitterMs > 0 ? (Math.random() * 2 - 1) * jitterMs : 0;
  return Math.max(10, Math.round(intervalMs + jitter));
}
