import { describe, expect, it } from 'vitest';
import { StderrLog } from './stderr-log.ts';

describe('StderrLog', () => {
  it('keeps only the last lines, joined across chunk boundaries', () => {
    const log = new StderrLog(3);
    log.append('one\ntw');
    log.append('o\nthree\nfour\nfi');
    expect(log.tail(10)).toEqual(['three', 'four', 'fi']);
    log.append('ve\n');
    expect(log.tail(10)).toEqual(['three', 'four', 'five']);
  });

  it('cuts over-long lines, including one that never ends', () => {
    const log = new StderrLog(5, 10);
    log.append(`${'x'.repeat(50)}\n`);
    log.append('y'.repeat(1_000_000));
    const [first, second] = log.tail(2);
    expect(first).toBe('x'.repeat(10));
    expect(second?.length).toBeLessThanOrEqual(10);
  });

  it('never keeps anything shaped like a key or token', () => {
    const log = new StderrLog();
    const key = 'q2V5c2VjcmV0a2V5c2VjcmV0a2V5c2VjcmV0a2V5c2VjcmV0';
    log.append(`HostName=127.0.0.1:1;SharedAccessKeyName=iothubowner;SharedAccessKey=${key}\n`);
    log.append(`password: SharedAccessSignature sr=a&sig=abc%2B&se=1\n`);
    log.append(`primaryKey="${key}"`);
    const text = log.tail(10).join('\n');
    expect(text).not.toContain(key);
    expect(text).not.toContain('abc%2B');
    expect(text).toContain('SharedAccessKeyName=iothubowner');
  });
});
