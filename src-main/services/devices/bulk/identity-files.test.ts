import { describe, expect, it } from 'vitest';
import { formatIdentities, parseIdentities } from './identity-files.ts';

describe('identity files', () => {
  it('reads CSV with quoted fields and JSON tags, ignoring key columns', () => {
    const csv = 'deviceId,status,authType,primaryThumbprint,tags,primaryKey\r\nd-1,enabled,sas,,"{""site"":""osaka""}",c2VjcmV0\nd-2,disabled,selfSigned,' + 'AB'.repeat(20) + ',,\n\n';
    const rows = parseIdentities('csv', csv);
    expect(rows).toEqual([
      { deviceId: 'd-1', status: 'enabled', authType: 'sas', tags: { site: 'osaka' } },
      { deviceId: 'd-2', status: 'disabled', authType: 'selfSigned', primaryThumbprint: 'AB'.repeat(20) },
    ]);
  });

  it('names the row that is wrong', () => {
    expect(() => parseIdentities('csv', 'deviceId,status\nok,enabled\nbad id,enabled')).toThrow(/row 2/);
    expect(() => parseIdentities('json', '[{"deviceId":"a","tags":"[1]"}]')).toThrow(/row 1: tags must be a JSON object/);
    expect(() => parseIdentities('json', '[{"deviceId":"a"},{"deviceId":"a"}]')).toThrow(/twice/);
    expect(() => parseIdentities('csv', 'id\nx')).toThrow(/deviceId column/);
  });

  it('writes what it reads, with key columns only when asked', () => {
    const rows = [{ deviceId: 'd,1', status: 'enabled' as const, authType: 'sas' as const, tags: { a: 'x"y' }, primaryKey: 'k1', secondaryKey: 'k2' }];
    const withoutKeys = formatIdentities('csv', rows, false);
    expect(withoutKeys).not.toContain('k1');
    expect(parseIdentities('csv', withoutKeys)).toEqual([{ deviceId: 'd,1', status: 'enabled', authType: 'sas', tags: { a: 'x"y' } }]);
    expect(formatIdentities('csv', rows, true).split('\n')[0]).toBe('deviceId,status,authType,primaryThumbprint,secondaryThumbprint,tags,primaryKey,secondaryKey');
  });
});
