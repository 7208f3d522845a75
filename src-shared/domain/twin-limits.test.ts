import { describe, expect, it } from 'vitest';
import { diffJson, mergePatchBetween } from './json-diff.ts';
import { TWIN_SECTION_MAX_BYTES, mergeTwinSection, twinPatchProblems, utf8Length } from './twin-limits.ts';

const nest = (levels: number): Record<string, unknown> => (levels === 0 ? { leaf: 1 } : { n: nest(levels - 1) });

describe('twin patch limits', () => {
  it('measures the section the patch would leave, in UTF-8 bytes', () => {
    const current = { tags: { a: 'x'.repeat(TWIN_SECTION_MAX_BYTES - 100) } };
    expect(twinPatchProblems({ tags: { b: 'y'.repeat(50) } }, current)).toEqual([]);
    expect(twinPatchProblems({ tags: { b: 'y'.repeat(200) } }, current).map((p) => p.key)).toEqual(['too-large']);
    // Removing a large name makes room.
    expect(twinPatchProblems({ tags: { a: null, b: 'y'.repeat(200) } }, current)).toEqual([]);
    expect(utf8Length('é日😀')).toBe(2 + 3 + 4);
  });

  it('refuses nesting beyond 10 levels and names the service rejects', () => {
    expect(twinPatchProblems({ properties: { desired: nest(8) } })).toEqual([]);
    expect(twinPatchProblems({ properties: { desired: nest(10) } }).map((p) => p.key)).toEqual(['too-deep']);
    expect(twinPatchProblems({ tags: { 'a.b': 1, 'c d': 2, $x: 3 } }).map((p) => p.path)).toEqual(['tags.a.b', 'tags.c d', 'tags.$x']);
    expect(twinPatchProblems({ tags: [1] as unknown }).map((p) => p.key)).toEqual(['not-object']);
  });

  it('merges, diffs and derives the patch between two sections', () => {
    expect(mergeTwinSection({ a: 1, b: { c: 2, d: 3 } }, { a: null, b: { c: 4 } })).toEqual({ b: { c: 4, d: 3 } });
    expect(diffJson({ a: 1, b: { c: 2 }, $version: 1 }, { b: { c: 3 }, e: true, $version: 2 })).toEqual([
      { path: 'a', kind: 'removed', before: 1 },
      { path: 'b.c', kind: 'changed', before: 2, after: 3 },
      { path: 'e', kind: 'added', after: true },
    ]);
    expect(mergePatchBetween({ a: 1, b: { c: 2 } }, { b: { c: 3 }, e: true })).toEqual({ a: null, b: { c: 3 }, e: true });
    expect(mergePatchBetween({ a: 1 }, { a: 1 })).toBeNull();
  });
});
