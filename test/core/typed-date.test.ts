/**
 * The grammar of typed dates on its own (LibreOffice holds the formulas to it in
 * test/flag/typed-dates.test.ts): both readers are made from one table, and what the reader in code
 * does at the edges.
 */
import { parseCellDate } from '../../src/core/ledger/cell-date';
import { dayNumberFormula, readTypedDate, REWRITES, rewriteTypedDate, rewrittenTextFormula } from '../../src/core/typed-date';

test('the helper formula is the table: one SUBSTITUTE per row, in its order', () => {
  const formula = rewrittenTextFormula('I3');
  expect(formula.match(/SUBSTITUTE\(/g)).toHaveLength(REWRITES.length);
  // The outermost SUBSTITUTE is the table's last row.
  const [from, to] = REWRITES[REWRITES.length - 1];
  expect(formula.endsWith(`,"${from}","${to}")`)).toBe(true);
});

test.each([
  ['2026年12月底前', '2026-12-底'],
  ['12月1日', '12-1'],
  ['年底', '12-底'],
  ['２０２６．０１．０５', '2026-1-5'],
  ['  ', ''],
])('%j reads as %j', (text, rewritten) => {
  expect(rewriteTypedDate(text)).toBe(rewritten);
});

test('a date without a year needs the ledger’s: without one it is not guessed', () => {
  expect(readTypedDate('12月1日', null)).toBeNull();
  expect(readTypedDate('2026年12月1日', null)).toBe('2026-12-01');
  expect(readTypedDate('12月1日', 2026)).toBe('2026-12-01');
});

test('a month’s last day follows the year: 2月底 of a leap year is the 29th', () => {
  expect(readTypedDate('2月底', 2028)).toBe('2028-02-29');
  expect(readTypedDate('2月下旬', 2027)).toBe('2027-02-28');
});

test('TRUE in a date cell is no date, nor a done word (engines read it differently)', () => {
  expect(parseCellDate(true, 2026, 'done').kind).toBe('error');
  expect(parseCellDate('已完成', 2026, 'done').kind).toBe('done');
  expect(parseCellDate(' 长期 坚持 ', 2026, 'deadline').kind).toBe('none');
});

test('the day formula compares the words as the table rewrites them, and takes the year by name or number', () => {
  expect(dayNumberFormula('I3', 'Q3', 'CL_DateYear', { words: ['/', '-'], value: '""' })).toContain('OR(Q3={"-"})');
  expect(dayNumberFormula('I3', 'Q3', 2026, { words: ['已完成'], value: '0' })).toContain('"2026-"');
});
