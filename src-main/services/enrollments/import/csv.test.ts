import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from './csv.ts';

describe('csv', () => {
  it('reads quoted commas, doubled quotes, line breaks in a field, CRLF, a BOM and blank lines', () => {
    const text = '\ufeffa,b\r\n"x, y","say ""hi"""\r\n\r\n"two\nlines",\n';
    expect(parseCsv(text)).toEqual([['a', 'b'], ['x, y', 'say "hi"'], ['two\nlines', '']]);
  });

  it('writes what it reads back, and keeps a spreadsheet from running a cell as a formula (a base64 key stays as it is)', () => {
    const rows = [['=SUM(A1)', '@cmd', '-1+2', '+AbC/12=='], ['a,b', 'q"q', 'line\nbreak', null]];
    const text = toCsv(rows);
    expect(parseCsv(text)).toEqual([["'=SUM(A1)", "'@cmd", "'-1+2", '+AbC/12=='], ['a,b', 'q"q', 'line\nbreak', '']]);
  });
});
