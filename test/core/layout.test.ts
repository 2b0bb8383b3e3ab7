/** Invariants of the WorkbookSpec that hold for every template and language. */
import {
  campaignFromTemplate,
  isFormula,
  LANGS,
  layoutWorkbook,
  LEDGER_COLUMN_KEYS,
  strings,
  TEMPLATES,
  withSampleItems,
  type Lang,
  type WorkbookSpec,
} from '../../src/core';

function allFormulas(spec: WorkbookSpec): string[] {
  const out: string[] = [];
  for (const sheet of spec.sheets) {
    for (const b of sheet.blocks) for (const row of b.values) for (const v of row) if (isFormula(v)) out.push(v.formula);
    for (const f of sheet.filled) out.push(f.formula);
    for (const t of sheet.tables) for (const row of t.rows) for (const v of row) if (isFormula(v)) out.push(v.formula);
    for (const cf of sheet.conditionalFormats) for (const r of cf.rules) if (r.kind === 'expression') out.push(r.formula);
  }
  return out;
}

const cases: [string, Lang][] = TEMPLATES.flatMap((t) => LANGS.map((l) => [t.id, l] as [string, Lang]));

describe.each(cases)('template %s in %s', (id, lang) => {
  const campaign = withSampleItems(campaignFromTemplate(id, { start: '2026-03-02', lang }), 14, '2026-04-15');
  const spec = layoutWorkbook(campaign);
  const s = strings(lang);

  test('has the five sheets, named in the language', () => {
    expect(spec.sheets.map((x) => x.name)).toEqual([s.sheets.dashboard, s.sheets.schedule, s.sheets.ledger, s.sheets.group, s.sheets.settings]);
    expect(spec.sheets.find((x) => x.key === 'settings')?.hidden).toBe(true);
  });

  test('exactly one TODAY() in the whole workbook', () => {
    expect(
      allFormulas(spec)
        .join('\n')
        .match(/TODAY\(\)/g),
    ).toHaveLength(1);
  });

  test('plain functions only: no LET, LAMBDA, dynamic arrays or structured references', () => {
    for (const f of allFormulas(spec)) {
      expect(f).not.toMatch(/\b(LET|LAMBDA|FILTER|SORT|SORTBY|UNIQUE|SEQUENCE|XLOOKUP|TEXTJOIN|IFS|SWITCH)\(/);
      expect(f).not.toMatch(/\[@|\[#|\w\[/);
      expect(f.startsWith('=')).toBe(false);
    }
  });

  test('ledger dropdowns come from ranges on the leading-group sheet', () => {
    const ledger = spec.sheets.find((x) => x.key === 'ledger')!;
    const lists = ledger.validations.filter((v) => v.kind === 'list');
    expect(lists.length).toBeGreaterThanOrEqual(3);
    for (const v of lists) expect(v.kind === 'list' && v.source).toMatch(new RegExp(`^'${s.sheets.group}'!\\$[A-Z]+\\$\\d+:\\$[A-Z]+\\$\\d+$`));
    expect(ledger.validations.filter((v) => v.kind === 'date').map((v) => v.range.replace(/\d+/g, ''))).toEqual(['I:I', 'J:J', 'M:M']);
  });

  test('the ledger is a table with its sixteen columns and six hidden helper columns, frozen under its header', () => {
    const ledger = spec.sheets.find((x) => x.key === 'ledger')!;
    expect(ledger.tables).toHaveLength(1);
    const dates = (['deadline', 'completed', 'signedOff'] as const).map((k) => s.ledger.columns[k]);
    const helpers = dates.flatMap((header) => [s.ledger.helper.text, s.ledger.helper.day].map((t) => t.replace('{header}', header)));
    expect(ledger.tables[0].header).toEqual([...LEDGER_COLUMN_KEYS.map((k) => s.ledger.columns[k]), ...helpers]);
    expect(ledger.columns.map((c) => !!c.hidden)).toEqual([...LEDGER_COLUMN_KEYS.map(() => false), ...helpers.map(() => true)]);
    expect(ledger.columns.filter((c) => c.helper)).toHaveLength(6);
    expect(ledger.tables[0].rows).toHaveLength(14);
    expect(ledger.freeze).toEqual({ rows: 2, columns: 0 });
  });

  test('every visible sheet prints A4 landscape at a percentage that keeps its text at 9 pt or more, with repeated header rows', () => {
    for (const sheet of spec.sheets.filter((x) => !x.hidden)) {
      expect(sheet.print).toMatchObject({ orientation: 'landscape', paper: 'A4' });
      const smallest = Math.min(11, ...sheet.styles.map((st) => st.style.fontSize ?? 11));
      expect(sheet.print!.scale * smallest).toBeGreaterThanOrEqual(900);
      expect(sheet.print!.scale).toBeLessThanOrEqual(100);
      expect(sheet.print?.titleRows?.[0]).toBe(1);
      expect(sheet.print?.header.left).toBe(campaign.name.replace(/&/g, '&&'));
    }
  });

  test('status colours: red, amber and green rules, with the status text itself in the cell', () => {
    const ledger = spec.sheets.find((x) => x.key === 'ledger')!;
    const rules = ledger.conditionalFormats.flatMap((cf) => cf.rules).filter((r) => r.kind === 'expression');
    const colourOf = (status: string) => rules.find((r) => r.kind === 'expression' && r.formula.endsWith(`="${status}"`))?.style.fill;
    expect(colourOf(s.ledger.statuses.overdue)).toBe('#FFC7CE');
    expect(colourOf(s.ledger.statuses.dueSoon)).toBe('#FFEB9C');
    expect(colourOf(s.ledger.statuses.completed)).toBe('#C6EFCE');
    expect(colourOf(s.ledger.statuses.signedOff)).toBe('#C6EFCE');
  });

  test('names for the as-of date and the due-soon window point at the dashboard', () => {
    expect(spec.names.find((n) => n.name === 'AsOfDate')?.ref).toBe(`'${s.sheets.dashboard}'!$B$3`);
    expect(spec.names.find((n) => n.name === 'DueSoonDays')?.ref).toBe(`'${s.sheets.dashboard}'!$B$4`);
  });

  test('every text of the template resolves in this language (no raw keys)', () => {
    const schedule = spec.sheets.find((x) => x.key === 'schedule')!;
    const texts = schedule.blocks.flatMap((b) => b.values.flat()).filter((v): v is string => typeof v === 'string');
    for (const t of texts) expect(t).not.toMatch(/^[a-z][a-zA-Z]+$/);
  });
});

describe('templates', () => {
  test('the three built-in kinds and their shapes', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual(['jiefang-sixiang', 'xuexi-shijian', 'jiguan-chuangxin']);
    const jf = campaignFromTemplate('jiefang-sixiang', { start: '2026-02-01', lang: 'zh-CN' });
    expect(jf.phases.map((p) => p.name)).toEqual(['学习动员阶段', '查摆问题阶段', '整改落实阶段', '总结提升阶段']);
    const xx = campaignFromTemplate('xuexi-shijian', { start: '2026-09-21', lang: 'zh-CN' });
    expect(xx.phases.map((p) => [p.name, p.start, p.end])).toEqual([
      ['学习调研阶段', '2026-09-21', '2026-11-09'],
      ['分析检查阶段', '2026-11-10', '2026-12-19'],
      ['整改落实阶段', '2026-12-20', '2027-02-17'],
    ]);
    const jg = campaignFromTemplate('jiguan-chuangxin', { start: '2026-01-01', lang: 'zh-CN' });
    expect(jg.phases).toEqual([]);
    expect([...new Set(jg.tasks.map((t) => t.area))]).toEqual(['思想建设', '组织建设', '队伍建设', '制度建设', '作风建设']);
    expect(jg.end).toBe('2026-12-31');
  });

  test('standard tasks carry dates inside their phase and a responsible unit', () => {
    for (const t of TEMPLATES) {
      const c = campaignFromTemplate(t.id, { start: '2026-03-02', lang: 'zh-CN' });
      for (const p of c.phases) {
        expect(p.tasks.length).toBeGreaterThan(0);
        for (const task of p.tasks) {
          expect(task.start! >= p.start! && task.end! <= p.end! && task.start! <= task.end!).toBe(true);
          expect(task.unit).not.toBe('');
        }
      }
    }
    const jf = campaignFromTemplate('jiefang-sixiang', { start: '2026-02-01', lang: 'zh-CN' });
    const all = jf.phases.flatMap((p) => p.tasks.map((t) => t.text));
    for (const standard of ['召开动员大会', '制定实施方案', '征求意见', '建立问题台账', '制定整改方案', '公示整改结果', '总结验收']) {
      expect(all).toContain(standard);
    }
  });

  test('sample items cover all seven statuses', () => {
    const c = withSampleItems(campaignFromTemplate('jiefang-sixiang', { start: '2026-02-01', lang: 'zh-CN' }), 7, '2026-03-15');
    const { ledgerStatus } = jest.requireActual('../../src/core');
    expect(new Set(c.items.map((i) => ledgerStatus(i, '2026-03-15', 3))).size).toBe(7);
  });
});
