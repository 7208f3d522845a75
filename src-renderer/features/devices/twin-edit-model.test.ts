import { describe, expect, it } from 'vitest';
import { changedSince, editableTwin, parseEdit } from './twin-edit-model.ts';

const twin = { etag: 'AAAA', tags: { site: 'osaka', $x: 1 }, properties: { desired: { interval: 10, $version: 3, $metadata: {} } } };

describe('twin edit model', () => {
  it('turns edited JSON into the merge patch, the preview and the limits it breaks', () => {
    const base = editableTwin(twin);
    expect(base).toEqual({ etag: 'AAAA', tags: { site: 'osaka' }, desired: { interval: 10 } });
    const edit = parseEdit(base, '{"site": "kyoto", "line": 2}', '{}');
    expect(edit).toMatchObject({ ok: true, patch: { tags: { site: 'kyoto', line: 2 }, properties: { desired: { interval: null } } }, problems: [] });
    expect(edit.ok && edit.changes.map((c) => `${c.kind} ${c.path}`)).toEqual(['added tags.line', 'changed tags.site', 'removed desired.interval']);
    expect(parseEdit(base, JSON.stringify(base.tags), JSON.stringify(base.desired))).toMatchObject({ ok: true, patch: null });
    expect(parseEdit(base, '[1]', '{}')).toMatchObject({ ok: false, field: 'tags' });
    expect(parseEdit(base, '{}', '{oops')).toMatchObject({ ok: false, field: 'desired' });
    const deep = parseEdit(base, '{"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": {"j": {"k": 1}}}}}}}}}}}', '{}');
    expect(deep.ok && deep.problems.map((p) => p.key)).toEqual(['too-deep']);
  });

  it('says what another writer changed', () => {
    const before = editableTwin(twin);
    const now = editableTwin({ ...twin, etag: 'BBBB', tags: { site: 'osaka', owner: 'ops' } });
    expect(changedSince(before, now)).toEqual([{ path: 'tags.owner', kind: 'added', after: 'ops' }]);
  });
});
