import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FleetOptionsParsed } from '../../../src-shared/contract/channels/simulator.ts';
import { AppError } from '../../../src-shared/contract/result.ts';
import type { TelemetrySource } from '../../simulator/protocol.ts';

const SAMPLES_DIR = fileURLToPath(new URL('../../../assets/samples/', import.meta.url));
const MAX_LINES = 10_000;
const MAX_BYTES = 4 * 1024 * 1024;

/** Turns the operator's choice into what the child sends: generator fields, or the lines of a JSON-lines file. */
export async function resolveTelemetrySource(source: FleetOptionsParsed['telemetry']['source']): Promise<TelemetrySource> {
  if (source.kind === 'generators') return { kind: 'generators', fields: source.fields.map((f) => ({ ...f, period: f.period ?? 0 })) };
  const path = source.kind === 'sample' ? `${SAMPLES_DIR}${source.name}.jsonl` : source.path;
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new AppError('validation', `The telemetry file ${path} cannot be read (${error.code ?? error.message})`, [{ path: 'telemetry.source.path', message: 'cannot be read' }]);
  });
  return { kind: 'jsonl', lines: parseJsonLines(text, path) };
}

/** Each non-empty line must be one JSON value; names the first bad line. */
export function parseJsonLines(text: string, path: string): string[] {
  if (Buffer.byteLength(text) > MAX_BYTES) throw new AppError('validation', `The telemetry file ${path} is over 4 MB`, [{ path: 'telemetry.source.path', message: 'over 4 MB' }]);
  const lines: string[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line) continue;
    try {
      JSON.parse(line);
    } catch {
      throw new AppError('validation', `Line ${index + 1} of ${path} is not JSON`, [{ path: 'telemetry.source.path', message: `line ${index + 1} is not JSON` }]);
    }
    lines.push(line);
    if (lines.length > MAX_LINES) throw new AppError('validation', `The telemetry file ${path} has more than ${MAX_LINES} lines`, [{ path: 'telemetry.source.path', message: 'too many lines' }]);
  }
  if (!lines.length) throw new AppError('validation', `The telemetry file ${path} has no lines`, [{ path: 'telemetry.source.path', message: 'empty' }]);
  return lines;
}
