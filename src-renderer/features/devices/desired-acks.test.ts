import { describe, expect, it } from 'vitest';
import { desiredAcks } from './desired-acks.ts';

const twin = (desired: Record<string, unknown>, reported: Record<string, unknown>) => ({ properties: { desired, reported } });

describe('desired property acknowledgement', () => {
  it('sees a reported value equal to the desired one, or a Plug and Play ack that reached the version', () => {
    const acks = desiredAcks(
      twin(
        { interval: 10, mode: 'eco', fan: 3, $version: 4 },
        { interval: 10, mode: { value: 'turbo', ac: 200, av: 4 }, $version: 9 },
      ),
    );
    expect(acks.map((a) => [a.name, a.state, a.reportedVersion])).toEqual([
      ['fan', 'pending', 9],
      ['interval', 'acknowledged', 9],
      ['mode', 'acknowledged', 4],
    ]);
  });

  it('tells a device that answered with another value from one that has not answered yet', () => {
    const metadata = (at: string) => ({ $metadata: { level: { $lastUpdated: at } } });
    const answered = twin({ level: 5, $version: 2, ...metadata('2026-01-01T00:00:00Z') }, { level: 4, ...metadata('2026-01-01T00:00:05Z') });
    const stale = twin({ level: 5, $version: 2, ...metadata('2026-01-01T00:00:05Z') }, { level: 4, ...metadata('2026-01-01T00:00:00Z') });
    expect(desiredAcks(answered)[0]!.state).toBe('differs');
    expect(desiredAcks(stale)[0]!.state).toBe('pending');
    expect(desiredAcks({})).toEqual([]);
  });
});
