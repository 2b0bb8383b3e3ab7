/** The split and merge planners on ledgers given as grids: numbering, columns, reports. */
import {
  copyInfoRows,
  DISTRIBUTE_NAMES,
  type GridValue,
  isMergeProblem,
  isSplitProblem,
  type MergePlan,
  planMerge,
  planSplit,
  type SplitPlan,
  type WorkbookGrid,
} from '../../src/core';

const HEADER = ['序号', '问题描述', '整改措施', '责任单位', '责任人', '整改时限', '完成日期', '佐证材料', '备注'];

function ledger(rows: GridValue[][], names: Record<string, string> = {}, header = HEADER): WorkbookGrid {
  return { sheets: [{ name: '台账', hidden: false, rows: [['某局整改台账'], header, ...rows] }], names };
}

const OPTIONS = { now: '2026-12-01T02:00:00Z', today: '2026-12-01', newCampaignId: () => 'CL-test', masterName: '台账.xlsx' };

function split(grid: WorkbookGrid, by?: 'unit' | 'owner'): SplitPlan {
  const plan = planSplit(grid, { ...OPTIONS, by });
  if (isSplitProblem(plan)) throw new Error(plan.kind);
  return plan;
}

function merge(grid: WorkbookGrid, copies: { file: string; grid: WorkbookGrid; savedAt?: string }[]): MergePlan {
  const plan = planMerge(
    grid,
    copies.map((c) => ({ file: c.file, grid: c.grid, savedAt: c.savedAt ?? null })),
    { localTime: '2026-12-01 10:00' },
  );
  if (isMergeProblem(plan)) throw new Error(plan.kind);
  return plan;
}

const item = (n: number, unit: string, owner = '张三'): GridValue[] => [n, `问题${n}`, `措施${n}`, unit, owner, { date: '2026-12-20' }, null, null, null];

describe('numbers', () => {
  test('every item gets one after the header words, in a new column right of the ledger; the campaign gets an id', () => {
    const plan = split(ledger([item(1, '办公室'), item(2, '财务科'), [null, '合计', null, null, null, null]]));
    expect(plan.idColumn).toEqual({ col: HEADER.length + 1, header: '台账编号' });
    expect(plan.ids).toEqual([
      { row: 3, id: 'ZG-0001' },
      { row: 4, id: 'ZG-0002' },
    ]);
    expect(plan.names).toEqual([
      { name: DISTRIBUTE_NAMES.campaignId, formula: '"CL-test"' },
      { name: DISTRIBUTE_NAMES.counter, formula: '2' },
    ]);
  });

  test('numbers stay with their items when rows are sorted; a deleted number is never given again; a pasted duplicate gets a new one', () => {
    const header = [...HEADER, '台账编号'];
    const names = { [DISTRIBUTE_NAMES.campaignId]: '"CL-x"', [DISTRIBUTE_NAMES.counter]: '3' };
    // ZG-0003 was deleted; rows were sorted; ZG-0001 was pasted onto a new row; one item is new.
    const rows = [
      [...item(2, '财务科'), 'ZG-0002'],
      [...item(1, '办公室'), 'ZG-0001'],
      [...item(4, '办公室'), 'ZG-0001'],
      [...item(5, '办公室'), null],
    ];
    const plan = split(ledger(rows, names, header));
    expect(plan.idColumn).toEqual({ col: header.length, header: null });
    expect(plan.ids).toEqual([
      { row: 5, id: 'ZG-0004' },
      { row: 6, id: 'ZG-0005' },
    ]);
    expect(plan.names).toEqual([{ name: DISTRIBUTE_NAMES.counter, formula: '5' }]);
    const office = plan.copies.find((c) => c.unit === '办公室')!;
    const info = office.spec.sheets
      .find((s) => s.key === 'copyInfo')!
      .blocks[0].values.filter((r) => r[0] === 'item')
      .map((r) => r[1]);
    expect(info).toEqual(['ZG-0001', 'ZG-0004', 'ZG-0005']);
  });

  test('split by owner; items without one are listed, not sent', () => {
    const plan = split(ledger([item(1, '办公室', '李四'), item(2, '办公室', '王五'), item(3, '办公室', '')]), 'owner');
    expect(plan.copies.map((c) => [c.unit, c.fileName, c.items])).toEqual([
      ['李四', '整改台账-李四.xlsx', 1],
      ['王五', '整改台账-王五.xlsx', 1],
    ]);
    expect(plan.messages.join('\n')).toContain('1 项事项没有填写“责任人”,未分发(第 5 行)');
  });

  test('unit names that no file system takes, and names alike but for case, give distinct safe file names', () => {
    const plan = split(ledger([item(1, 'A/B:科'), item(2, 'abc'), item(3, 'ABC')]));
    expect(plan.copies.map((c) => c.fileName)).toEqual(['整改台账-A_B_科.xlsx', '整改台账-abc.xlsx', '整改台账-ABC (2).xlsx']);
  });
});

describe('a copy', () => {
  test('carries the master’s columns, 台账编号 first, with the unit’s columns open and the others locked', () => {
    const plan = split(ledger([item(1, '办公室')]));
    const sheet = plan.copies[0].spec.sheets.find((s) => s.key === 'ledger')!;
    expect(sheet.blocks[1].values[0]).toEqual(['台账编号', ...HEADER]);
    // 完成日期, 佐证材料 and 备注: columns H, I and J of the copy.
    expect(sheet.protection).toEqual({ unlocked: ['H3:H3', 'I3:I3', 'J3:J3'] });
    // The status columns, then their hidden helper columns (two per date column of the copy).
    expect(sheet.blocks[2].values[0]).toEqual(['整改状态', '剩余天数', '辅助·整改时限·读作', '辅助·整改时限·日期', '辅助·完成日期·读作', '辅助·完成日期·日期']);
    expect(plan.copies[0].spec.sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['台账', false],
      ['状态设置', false],
      ['填报说明', false],
      ['_分发信息', true],
    ]);
  });

  test('a copy given to split is refused: it is not a master', () => {
    const grid = ledger([item(1, '办公室')]);
    grid.sheets.push({
      name: '_分发信息',
      hidden: true,
      rows: copyInfoRows({ campaignId: 'CL-x', campaignName: '', unit: '办公室', by: 'unit', splitAt: '', master: '', items: [] }),
    });
    expect(planSplit(grid, OPTIONS)).toEqual({ kind: 'notAMaster' });
  });
});

describe('merge', () => {
  const header = [...HEADER, '台账编号'];
  const names = { [DISTRIBUTE_NAMES.campaignId]: '"CL-x"', [DISTRIBUTE_NAMES.counter]: '2' };
  const master = () =>
    ledger(
      [
        [...item(1, '办公室'), 'ZG-0001'],
        [...item(2, '财务科'), 'ZG-0002'],
      ],
      names,
      header,
    );
  const copy = (rows: GridValue[][], unit = '办公室', items = ['ZG-0001']): WorkbookGrid => ({
    sheets: [
      { name: '台账', hidden: false, rows: [['标题'], ['台账编号', ...HEADER], ...rows] },
      {
        name: '_分发信息',
        hidden: true,
        rows: copyInfoRows({ campaignId: 'CL-x', campaignName: '', unit, by: 'unit', splitAt: '2026-12-01T02:00:00Z', master: '', items }),
      },
    ],
    names: {},
  });

  test('a unit clearing a cell it fills is a change too; a row without a number is reported', () => {
    const m = master();
    m.sheets[0].rows[2][8] = '旧备注';
    const plan = merge(m, [
      {
        file: 'a.xlsx',
        grid: copy([
          ['ZG-0001', ...item(1, '办公室').slice(0, 8), null],
          [null, ...item(9, '办公室')],
        ]),
      },
    ]);
    expect(plan.writes).toEqual([{ row: 3, col: 9, value: null }]);
    expect(plan.log!.rows.slice(1)).toEqual([['2026-12-01 10:00', 'a.xlsx', '办公室', 'ZG-0001', '备注', '旧备注', '']]);
    expect(plan.messages.join('\n')).toContain('“a.xlsx”第 4 行没有台账编号,未采用。');
  });

  test('values read the same way (a date, a number, spaces around text) are not changes', () => {
    const plan = merge(master(), [
      { file: 'a.xlsx', grid: copy([['ZG-0001', 1, ' 问题1 ', '措施1', '办公室', '张三', { date: '2026-12-20' }, null, null, null]]) },
    ]);
    expect(plan.writes).toEqual([]);
    expect(plan.counts).toEqual({ changes: 0, appended: 0, reported: 0 });
  });

  test('the master records the copy merged; a second copy of the same time merges, an older one does not', () => {
    const first = merge(master(), [
      { file: 'a.xlsx', grid: copy([['ZG-0001', ...item(1, '办公室').slice(0, 6), { date: '2026-12-02' }, null, null]]), savedAt: '2026-12-05T00:00:00Z' },
    ]);
    expect(first.state!.rows).toEqual([
      ['unit', 'copyTime', 'file'],
      ['办公室', '2026-12-05T00:00:00Z', 'a.xlsx'],
    ]);
    const m = master();
    m.sheets.push({ name: '_汇总状态', hidden: true, rows: first.state!.rows });
    m.names[DISTRIBUTE_NAMES.mergeState] = "'_汇总状态'!$A$1:$C$2";
    const old = merge(m, [{ file: 'b.xlsx', grid: copy([['ZG-0001', ...item(1, '办公室').slice(0, 8), '旧']]), savedAt: '2026-12-03T00:00:00Z' }]);
    expect(old.writes).toEqual([]);
    expect(old.changed).toBe(false);
    expect(old.messages.join('\n')).toContain('“b.xlsx”(办公室)早于已汇总过的副本(2026-12-05T00:00:00Z),未采用。');
  });

  test('a long list of reports is cut after 30, the rest counted', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [`ZG-${String(100 + i).padStart(4, '0')}`, ...item(1, '办公室')]);
    const plan = merge(master(), [{ file: 'a.xlsx', grid: copy(rows) }]);
    expect(plan.counts.reported).toBe(41);
    expect(plan.messages.filter((m) => m.includes('总台账中没有编号'))).toHaveLength(30);
    expect(plan.messages).toContain('……另有 11 处未采用,未逐条列出。');
  });

  test('a copy of another campaign, or any copy into a master never split, is refused before anything is planned', () => {
    const foreign = copy([]);
    foreign.sheets[1].rows[3][1] = 'CL-other';
    expect(planMerge(master(), [{ file: 'f.xlsx', grid: foreign, savedAt: null }], { localTime: '' })).toEqual({
      kind: 'anotherCampaign',
      file: 'f.xlsx',
      campaign: '',
    });
    expect(planMerge(ledger([item(1, '办公室')]), [{ file: 'a.xlsx', grid: copy([]), savedAt: null }], { localTime: '' })).toEqual({
      kind: 'masterWithoutIds',
    });
  });
});
