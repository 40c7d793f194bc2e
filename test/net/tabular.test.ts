import { describe, expect, it } from 'vitest';
import { csvField, formatCsv, formatMarkdown, formatTable, mdCell } from '../../src/net/tabular.js';

// RFC 4180 section 2 (CSV), GitHub-flavoured Markdown tables ("escape | in a cell with \|").
describe('tabular formats', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['', ''],
  ])('csvField(%j) = %j', (input, out) => {
    expect(csvField(input)).toBe(out);
  });

  it.each([
    ['a|b', 'a\\|b'],
    ['back\\slash', 'back\\\\slash'],
    ['x\ny', 'x<br>y'],
  ])('mdCell(%j) = %j', (input, out) => {
    expect(mdCell(input)).toBe(out);
  });

  const t = { headers: ['name', 'value'], rows: [['a', '1,2'], ['longer', 'p|q']] };

  it('csv: header then rows, CRLF', () => {
    expect(formatCsv(t)).toBe('name,value\r\na,"1,2"\r\nlonger,p|q\r\n');
  });

  it('markdown: header, rule, escaped cells', () => {
    expect(formatMarkdown(t)).toBe('| name | value |\n| --- | --- |\n| a | 1,2 |\n| longer | p\\|q |\n');
  });

  it('table: padded columns, no trailing spaces', () => {
    expect(formatTable(t)).toBe('name    value\n------  -----\na       1,2\nlonger  p|q\n');
  });
});
