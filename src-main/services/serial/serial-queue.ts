/** A batch queue: one row per device, from a pasted CSV or generated from device serial numbers. */
export interface QueueItem {
  /** The registration id to write; absent when it comes from the device's serial number. */
  registrationId?: string;
  /** When set, the device must report this serial number (else SERIAL_SERIAL_MISMATCH). */
  expectedSerial?: string;
}

export interface QueueProblem {
  line: number;
  message: string;
}

export interface ParsedQueue {
  items: QueueItem[];
  problems: QueueProblem[];
  /** Registration ids (or serials) that appear more than once. */
  duplicates: string[];
}

const REGISTRATION_ID = /^[a-z0-9.:_-]{1,128}$/;

/**
 * Reads `registrationId[,serial]` lines (a header line naming registrationId is skipped; `#` starts
 * a comment). Every bad line is reported with its number and nothing is dropped silently.
 */
export function parseQueueCsv(text: string): ParsedQueue {
  const items: QueueItem[] = [];
  const problems: QueueProblem[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const [first = '', second = '', ...rest] = line.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
    if (index === 0 && /registration/i.test(first)) return;
    if (rest.some((cell) => cell !== '')) problems.push({ line: index + 1, message: 'expected at most two columns: registrationId, serial' });
    const registrationId = first.toLowerCase();
    if (!REGISTRATION_ID.test(registrationId)) {
      problems.push({ line: index + 1, message: `"${first.slice(0, 40)}" is not a valid registration id (lower-case letters, digits, - . _ :)` });
      return;
    }
    seen.set(registrationId, (seen.get(registrationId) ?? 0) + 1);
    items.push(second ? { registrationId, expectedSerial: second } : { registrationId });
  });
  return { items, problems, duplicates: [...seen].filter(([, count]) => count > 1).map(([id]) => id) };
}
