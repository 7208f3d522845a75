import { describe, expect, it } from 'vitest';
import { buildDeviceQuery, conditionProblem, queryCondition, queryLiteral } from './device-query.ts';

describe('device query builder', () => {
  it('writes tag, property, status and connection conditions joined with AND', () => {
    expect(
      buildDeviceQuery([
        { field: 'tags', path: 'site.building', op: '=', value: "O'Hare" },
        { field: 'reported', path: 'fw', op: '>=', value: '2' },
        { field: 'desired', path: 'mode', op: 'isDefined', value: '' },
        { field: 'status', path: '', op: '=', value: 'enabled' },
        { field: 'connectionState', path: '', op: '!=', value: 'Connected' },
        { field: 'deviceId', path: '', op: 'startsWith', value: 'line-' },
      ]),
    ).toBe(
      "SELECT * FROM devices WHERE tags.site.building = 'O\\'Hare' AND properties.reported.fw >= 2 AND IS_DEFINED(properties.desired.mode) AND status = 'enabled' AND connectionState != 'Connected' AND STARTSWITH(deviceId, 'line-')",
    );
    expect(buildDeviceQuery([])).toBe('SELECT * FROM devices');
  });

  it('names what is wrong with a condition and leaves it out', () => {
    expect(conditionProblem({ field: 'tags', path: '', op: '=', value: 'x' })).toBe('path-required');
    expect(conditionProblem({ field: 'tags', path: 'a..b', op: '=', value: 'x' })).toBe('path-invalid');
    expect(conditionProblem({ field: 'status', path: '', op: '=', value: 'on' })).toBe('status-invalid');
    expect(buildDeviceQuery([{ field: 'tags', path: 'a b', op: '=', value: '1' }])).toBe('SELECT * FROM devices');
  });

  it('keeps numbers, booleans and null bare and quotes the rest', () => {
    expect([queryLiteral('42'), queryLiteral('-1.5'), queryLiteral('true'), queryLiteral('null'), queryLiteral('42a')]).toEqual(['42', '-1.5', 'true', 'null', "'42a'"]);
    expect(queryCondition("SELECT * FROM devices WHERE tags.a = 'b'")).toBe("tags.a = 'b'");
    expect(queryCondition('SELECT * FROM devices')).toBe('');
  });
});
