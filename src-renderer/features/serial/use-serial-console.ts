import { useCallback, useRef, useState } from 'react';
import type { SerialConsoleEntry } from '../../../src-shared/contract/channels/serial.ts';
import { useEvent } from '../../api/index.ts';

const MAX_LINES = 2000;

export interface SerialConsoleState {
  entries: SerialConsoleEntry[];
  paused: boolean;
  /** Lines that arrived while paused, shown on resume. */
  held: number;
  setPaused(paused: boolean): void;
  clear(): void;
  /** The whole console as text, one timestamped line each, for the download. */
  asText(): string;
}

export function consoleLine(entry: SerialConsoleEntry): string {
  const arrow = entry.direction === 'tx' ? '→' : '←';
  return `${new Date(entry.at).toISOString()} ${arrow} ${entry.text}`;
}

/** The live serial console (already redacted in the main process), with pause and a bounded history. */
export function useSerialConsole(): SerialConsoleState {
  const [entries, setEntries] = useState<SerialConsoleEntry[]>([]);
  const [paused, setPausedState] = useState(false);
  const held = useRef<SerialConsoleEntry[]>([]);
  const [heldCount, setHeldCount] = useState(0);
  const append = useCallback((more: SerialConsoleEntry[]) => setEntries((previous) => [...previous, ...more].slice(-MAX_LINES)), []);
  useEvent('serial:console', ({ entries: more }) => {
    if (paused) {
      held.current.push(...more);
      setHeldCount(held.current.length);
    } else append(more);
  });
  const setPaused = useCallback(
    (next: boolean) => {
      setPausedState(next);
      if (!next && held.current.length) {
        append(held.current);
        held.current = [];
        setHeldCount(0);
      }
    },
    [append],
  );
  const clear = useCallback(() => {
    setEntries([]);
    held.current = [];
    setHeldCount(0);
  }, []);
  const asText = useCallback(() => `${entries.map(consoleLine).join('\n')}\n`, [entries]);
  return { entries, paused, held: heldCount, setPaused, clear, asText };
}
