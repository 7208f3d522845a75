import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash } from './hash-route.ts';

describe('hash routes', () => {
  it('reads the area and the rest of the path', () => {
    expect(parseHash('#/devices/dev%201/twin')).toEqual({ areaId: 'devices', rest: ['dev 1', 'twin'] });
  });

  it('has no route for an empty hash', () => {
    expect(parseHash('')).toBeNull();
    expect(parseHash('#/')).toBeNull();
  });

  it('round-trips what it builds', () => {
    expect(parseHash(hrefFor('devices', 'a/b'))).toEqual({ areaId: 'devices', rest: ['a/b'] });
  });
});
