import { describe, expect, it } from 'vitest';
import { GroupCounter, matches, project } from './query-evaluator.ts';
import { QuerySyntaxError, parseQuery } from './query-parser.ts';
import { prefilterFor } from './query-prefilter.ts';
import { columnsFor } from './query-columns.ts';

const twins = [
  { deviceId: 'a1', status: 'enabled', connectionState: 'Connected', tags: { location: 'plant-1', floor: 2, env: { zone: 'north' } }, properties: { desired: { interval: 10 }, reported: { fw: '1.0.0', ok: true } } },
  { deviceId: 'a2', status: 'disabled', connectionState: 'Disconnected', tags: { location: 'plant-2', floor: 5 }, properties: { desired: {}, reported: { fw: '2.0.1', ok: false } } },
  { deviceId: 'b1', status: 'enabled', connectionState: 'Disconnected', tags: { location: 'plant-1', floor: null }, properties: { desired: {}, reported: {} } },
  { deviceId: 'b2', status: 'enabled', connectionState: 'Connected', tags: {}, properties: { desired: {}, reported: { fw: '1.5.0' } } },
];

const ids = (sql: string) => {
  const query = parseQuery(sql);
  return twins.filter((t) => matches(query, t)).map((t) => t.deviceId);
};

describe('query language: parser and evaluator', () => {
  it('filters on tags, desired, reported and top-level fields with every comparison', () => {
    expect(ids("SELECT * FROM devices WHERE tags.location = 'plant-1'")).toEqual(['a1', 'b1']);
    expect(ids('SELECT * FROM devices WHERE tags.floor > 2')).toEqual(['a2']);
    expect(ids('SELECT * FROM devices WHERE tags.floor >= 2')).toEqual(['a1', 'a2']);
    expect(ids('SELECT * FROM devices WHERE tags.floor < 5')).toEqual(['a1']);
    expect(ids('SELECT * FROM devices WHERE tags.floor <= 5 AND tags.floor != 2')).toEqual(['a2']);
    expect(ids("SELECT * FROM devices WHERE tags.location <> 'plant-1'")).toEqual(['a2']);
    expect(ids('SELECT * FROM devices WHERE properties.desired.interval = 10')).toEqual(['a1']);
    expect(ids('SELECT * FROM devices WHERE properties.reported.ok = true')).toEqual(['a1']);
    expect(ids("select * from devices where status = 'disabled'")).toEqual(['a2']);
    expect(ids("SELECT * FROM devices WHERE connectionState = 'Connected'")).toEqual(['a1', 'b2']);
    expect(ids("SELECT * FROM devices WHERE tags.env.zone = 'north'")).toEqual(['a1']);
    expect(ids("SELECT * FROM devices WHERE deviceId = \"b2\"")).toEqual(['b2']);
  });

  it('combines with AND, OR, NOT and parentheses, treating missing properties as undefined', () => {
    expect(ids("SELECT * FROM devices WHERE tags.location = 'plant-1' AND status = 'enabled' OR deviceId = 'b2'")).toEqual(['a1', 'b1', 'b2']);
    expect(ids("SELECT * FROM devices WHERE tags.location = 'plant-1' AND (status = 'disabled' OR deviceId = 'b1')")).toEqual(['b1']);
    expect(ids("SELECT * FROM devices WHERE NOT (tags.location = 'plant-1')")).toEqual(['a2']);
    // b2 has no location: neither = nor != nor NOT of them is true for it.
    expect(ids("SELECT * FROM devices WHERE tags.location != 'plant-9'")).toEqual(['a1', 'a2', 'b1']);
    expect(ids("SELECT * FROM devices WHERE tags.location < 5")).toEqual([]);
  });

  it('supports IN, NIN and the functions', () => {
    expect(ids("SELECT * FROM devices WHERE tags.location IN ['plant-2', 'plant-3']")).toEqual(['a2']);
    expect(ids("SELECT * FROM devices WHERE tags.location NIN ['plant-2']")).toEqual(['a1', 'b1']);
    expect(ids("SELECT * FROM devices WHERE tags.location NOT IN ['plant-2']")).toEqual(['a1', 'b1']);
    expect(ids('SELECT * FROM devices WHERE IS_DEFINED(properties.reported.fw)')).toEqual(['a1', 'a2', 'b2']);
    expect(ids('SELECT * FROM devices WHERE NOT IS_DEFINED(tags.location)')).toEqual(['b2']);
    expect(ids('SELECT * FROM devices WHERE IS_NULL(tags.floor)')).toEqual(['b1']);
    expect(ids("SELECT * FROM devices WHERE STARTSWITH(properties.reported.fw, '1.')")).toEqual(['a1', 'b2']);
    expect(ids("SELECT * FROM devices WHERE STARTS_WITH(deviceId, 'b')")).toEqual(['b1', 'b2']);
    expect(ids("SELECT * FROM devices WHERE ENDSWITH(tags.location, '-2')")).toEqual(['a2']);
    expect(ids('SELECT * FROM devices WHERE IS_NUMBER(tags.floor) AND IS_STRING(tags.location)')).toEqual(['a1', 'a2']);
  });

  it('projects paths with their last name or an alias, omitting missing ones', () => {
    const query = parseQuery('SELECT deviceId, tags.location, properties.reported.fw AS firmware FROM devices');
    expect(twins.map((t) => project(query.select, t))).toEqual([
      { deviceId: 'a1', location: 'plant-1', firmware: '1.0.0' },
      { deviceId: 'a2', location: 'plant-2', firmware: '2.0.1' },
      { deviceId: 'b1', location: 'plant-1' },
      { deviceId: 'b2', firmware: '1.5.0' },
    ]);
  });

  it('groups with COUNT()', () => {
    const query = parseQuery('SELECT tags.location AS location, COUNT() AS n FROM devices GROUP BY tags.location');
    const counter = new GroupCounter(query);
    for (const t of twins) counter.add(t);
    expect(counter.rows()).toEqual([{ location: 'plant-1', n: 2 }, { location: 'plant-2', n: 1 }, { n: 1 }]);
    const top = parseQuery('SELECT TOP 5 * FROM devices');
    expect(top.top).toBe(5);
  });

  it('reports syntax errors with their position', () => {
    const cases: [string, number][] = [
      ['SELECT * FROM devices WHERE', 27],
      ["SELECT * FROM devices WHERE tags.x = 'open", 37],
      ['SELECT * FROM devices WHERE tags.x ~ 1', 35],
      ['SELECT * FROM jobs', 14],
      ['SELECT * FROM devices WHERE tags.x IN [1, 2', 43],
      ['SELECT * devices', 9],
      ['SELECT * FROM devices WHERE STARTSWITH(deviceId)', 28],
      ['SELECT * FROM devices GROUP tags.x', 28],
      ['SELECT * FROM devices extra', 22],
    ];
    for (const [text, position] of cases) {
      let caught: unknown;
      try {
        parseQuery(text);
      } catch (error) {
        caught = error;
      }
      expect(caught, text).toBeInstanceOf(QuerySyntaxError);
      expect((caught as QuerySyntaxError).position, text).toBe(position);
    }
  });
});

describe('query language: SQL prefilter', () => {
  it('pushes selective comparisons into json_extract and keeps a superset otherwise', () => {
    expect(prefilterFor(parseQuery("SELECT * FROM devices WHERE tags.location = 'x'").where)).toEqual({ sql: 'json_extract(tags, ?) = ?', params: ['$."location"', 'x'] });
    expect(prefilterFor(parseQuery("SELECT * FROM devices WHERE 5 < properties.reported.a.b").where)).toEqual({
      sql: 'json_extract(reported, ?) > ?',
      params: ['$."a"."b"', 5],
    });
    const mixed = prefilterFor(parseQuery("SELECT * FROM devices WHERE tags.a = 1 AND connectionState = 'Connected'").where);
    expect(mixed.sql).toBe('json_extract(tags, ?) = ?');
    expect(prefilterFor(parseQuery("SELECT * FROM devices WHERE tags.a = 1 OR connectionState = 'Connected'").where).sql).toBe('1');
    expect(prefilterFor(parseQuery("SELECT * FROM devices WHERE NOT tags.a = 1").where).sql).toBe('1');
    expect(prefilterFor(parseQuery("SELECT * FROM devices WHERE tags.a IN ['x', 2]").where).sql).toBe('json_extract(tags, ?) IN (?, ?)');
    expect(prefilterFor(parseQuery('SELECT * FROM devices WHERE IS_DEFINED(properties.desired.k)').where).sql).toBe('json_type(desired, ?) IS NOT NULL');
    const connected = "SELECT * FROM devices WHERE connectionState = 'Connected'";
    expect(prefilterFor(parseQuery(connected).where, { connectedIds: () => ['d1', 'd2'] })).toEqual({ sql: 'device_id IN (?, ?)', params: ['d1', 'd2'] });
    expect(prefilterFor(parseQuery(connected).where, { connectedIds: () => [] }).sql).toBe('0');
    expect(prefilterFor(parseQuery(connected).where).sql).toBe('1');
  });
});

describe('query language: columns a query reads', () => {
  it('names only the JSON columns the query touches', () => {
    const columns = (sql: string, forOutput = false) => {
      const set = columnsFor(parseQuery(sql), forOutput);
      return set ? [...set].sort() : null;
    };
    expect(columns("SELECT * FROM devices WHERE tags.location = 'x'")).toEqual(['tags']);
    expect(columns("SELECT * FROM devices WHERE tags.location = 'x'", true)).toBeNull();
    expect(columns('SELECT tags.a AS a, COUNT() AS n FROM devices WHERE properties.reported.fw > 1 GROUP BY tags.a')).toEqual(['reported', 'tags']);
    expect(columns("SELECT deviceId FROM devices WHERE status = 'enabled' AND connectionState = 'Connected'")).toEqual([]);
    expect(columns('SELECT properties.desired FROM devices')).toEqual(['desired', 'meta']);
    expect(columns("SELECT * FROM devices WHERE authenticationType = 'sas'")).toEqual(['auth']);
    expect(columns('SELECT properties FROM devices')).toBeNull();
    expect(columns('SELECT * FROM devices WHERE somethingElse = 1')).toBeNull();
  });
});
