/** The split and merge planners on ledgers given as grids: numbering, columns, reports. */
import {
  cellText,
  copyInfoRows,
  formatItemId,
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
  /** A copy's record; `base`: what each item was given, by id (its master row's values), else a copy made before copies had one. */
  const copy = (rows: GridValue[][], unit = '办公室', items = ['ZG-0001'], base: Record<string, GridValue[]> | null = null): WorkbookGrid => ({
    sheets: [
      { name: '台账', hidden: false, rows: [['标题'], ['台账编号', ...HEADER], ...rows] },
      {
        name: '_分发信息',
        hidden: true,
        rows: copyInfoRows({
          campaignId: 'CL-x',
          campaignName: '',
          unit,
          by: 'unit',
          splitAt: '2026-12-01T02:00:00Z',
          master: '',
          items,
          base: base && {
            columns: HEADER,
            values: new Map(Object.entries(base).map(([id, v]) => [id, v.map((x) => cellText(x, false))])),
          },
        }),
      },
    ],
    names: {},
  });
  /** The copy row of an item as split gave it. */
  const given = (n: number, unit = '办公室'): GridValue[] => [formatItemId(n), ...item(n, unit)];

  test('a unit clearing a cell it fills is a change too; a row without a number is reported', () => {
    const m = master();
    m.sheets[0].rows[2][8] = '旧备注';
    const base = { 'ZG-0001': m.sheets[0].rows[2].slice(0, 9) };
    const plan = merge(m, [
      {
        file: 'a.xlsx',
        grid: copy(
          [
            ['ZG-0001', ...item(1, '办公室').slice(0, 8), null],
            [null, ...item(9, '办公室')],
          ],
          '办公室',
          ['ZG-0001'],
          base,
        ),
      },
    ]);
    expect(plan.writes).toEqual([{ row: 3, col: 9, value: null }]);
    // The log names the item by its number and the start of its problem.
    expect(plan.log!.rows).toEqual([
      ['汇总时间', '文件', '单位', '台账编号', '事项', '列', '原值', '新值'],
      ['2026-12-01 10:00', 'a.xlsx', '办公室', 'ZG-0001', '问题1', '备注', '旧备注', ''],
    ]);
    expect(plan.messages.join('\n')).toContain('“a.xlsx”第 4 行没有台账编号,未采用。');
  });

  test('a copy made before copies had a base never blanks a filled cell of the master: it is reported', () => {
    const m = master();
    m.sheets[0].rows[2][8] = '后来填的';
    const plan = merge(m, [{ file: 'old.xlsx', grid: copy([['ZG-0001', ...item(1, '办公室').slice(0, 6), { date: '2026-12-02' }, null, null]]) }]);
    // Its new completion date is taken; the empty 备注 is not.
    expect(plan.writes).toEqual([{ row: 3, col: 7, value: { date: '2026-12-02' } }]);
    expect(plan.messages).toContain(
      '“old.xlsx”:ZG-0001(问题1)的“备注”在副本中为空,总台账为“后来填的”;这份副本由旧版本分发,不知道分发时的原值,不用空值覆盖,未采用。',
    );
  });

  describe('three-way: a copy applies only what its unit changed from what it was given', () => {
    const base = { 'ZG-0001': item(1, '办公室'), 'ZG-0003': item(3, '办公室') };
    const office = () => {
      const m = master();
      m.sheets[0].rows.push([...item(3, '办公室'), 'ZG-0003']);
      return m;
    };
    const units = (rows: GridValue[][]) => copy(rows, '办公室', ['ZG-0001', 'ZG-0003'], base);

    test('an untouched copy (a stale one, sent again) leaves the master’s filled cells as they are', () => {
      const m = office();
      m.sheets[0].rows[2][6] = { date: '2026-12-03' };
      m.sheets[0].rows[2][8] = '已建立台账';
      const plan = merge(m, [{ file: 'stale.xlsx', grid: units([given(1), given(3)]) }]);
      expect(plan.writes).toEqual([]);
      expect(plan.counts).toEqual({ changes: 0, appended: 0, reported: 0, conflicts: 0 });
      expect(plan.messages).toContain('“stale.xlsx”(办公室):没有新的变化。');
    });

    test('two people of one unit filling different rows: both kept, in either order, whatever their files’ times', () => {
      const a = units([[...given(1).slice(0, 9), '甲填的'], given(3)]);
      const b = units([given(1), [...given(3).slice(0, 9), '乙填的']]);
      for (const order of [
        [
          { file: 'a.xlsx', grid: a, savedAt: '2026-12-05T00:00:00Z' },
          { file: 'b.xlsx', grid: b, savedAt: '2026-12-03T00:00:00Z' },
        ],
        [
          { file: 'b.xlsx', grid: b, savedAt: '2026-12-03T00:00:00Z' },
          { file: 'a.xlsx', grid: a, savedAt: '2026-12-05T00:00:00Z' },
        ],
      ]) {
        const plan = merge(office(), order);
        expect(plan.writes).toEqual([
          { row: 3, col: 9, value: '甲填的' },
          { row: 5, col: 9, value: '乙填的' },
        ]);
        expect(plan.counts).toEqual({ changes: 2, appended: 0, reported: 0, conflicts: 0 });
      }
    });

    test('a cell the master changed too since the split, to something else, is a conflict: reported with both values, not applied', () => {
      const m = office();
      m.sheets[0].rows[2][8] = '办公室改的';
      const plan = merge(m, [{ file: 'a.xlsx', grid: units([[...given(1).slice(0, 9), '单位填的'], given(3)]) }]);
      expect(plan.writes).toEqual([]);
      expect(plan.conflicts).toEqual([
        { file: 'a.xlsx', unit: '办公室', id: 'ZG-0001', item: '问题1', column: '备注', base: '', master: '办公室改的', copy: '单位填的' },
      ]);
      expect(plan.counts).toEqual({ changes: 0, appended: 0, reported: 1, conflicts: 1 });
      expect(plan.messages).toContain(
        '“a.xlsx”:ZG-0001(问题1)的“备注”在副本中改为“单位填的”,而总台账在分发后已改为“办公室改的”(分发时为“(空)”);两处改得不同,未采用,请核对后在总台账中填写。',
      );
      expect(plan.messages).toContain('1 处冲突(副本和总台账都改了同一单元格,且改得不同)未采用,已逐条列在上面,请核对。');
      // The same value in both is no conflict, and nothing to write.
      m.sheets[0].rows[2][8] = '单位填的';
      const same = merge(m, [{ file: 'a.xlsx', grid: units([[...given(1).slice(0, 9), '单位填的'], given(3)]) }]);
      expect([same.writes, same.conflicts]).toEqual([[], []]);
    });

    test('two copies of one unit changing one cell differently in one run: the second is a conflict', () => {
      const plan = merge(office(), [
        { file: 'a.xlsx', grid: units([[...given(1).slice(0, 9), '甲'], given(3)]) },
        { file: 'b.xlsx', grid: units([[...given(1).slice(0, 9), '乙'], given(3)]) },
      ]);
      expect(plan.writes).toEqual([{ row: 3, col: 9, value: '甲' }]);
      expect(plan.conflicts.map((c) => [c.file, c.master, c.copy])).toEqual([['b.xlsx', '甲', '乙']]);
    });

    test('a sorted copy, and dates typed otherwise than given (2026/12/20, 2026年12月20日), are no changes', () => {
      const m = office();
      m.sheets[0].rows[2][5] = '2026/12/20';
      const b = { ...base, 'ZG-0001': m.sheets[0].rows[2].slice(0, 9) };
      const plan = merge(m, [
        {
          file: 'a.xlsx',
          grid: copy(
            [
              [...given(3).slice(0, 6), '2026年12月20日', null, null, '乙填的'],
              [...given(1).slice(0, 6), { date: '2026-12-20' }, null, null, null],
            ],
            '办公室',
            ['ZG-0001', 'ZG-0003'],
            b,
          ),
        },
      ]);
      expect(plan.writes).toEqual([{ row: 5, col: 9, value: '乙填的' }]);
      expect(plan.counts.reported).toBe(0);
    });
  });

  test('values read the same way (a date, a number, spaces around text) are not changes', () => {
    const plan = merge(master(), [
      { file: 'a.xlsx', grid: copy([['ZG-0001', 1, ' 问题1 ', '措施1', '办公室', '张三', { date: '2026-12-20' }, null, null, null]]) },
    ]);
    expect(plan.writes).toEqual([]);
    expect(plan.counts).toEqual({ changes: 0, appended: 0, reported: 0, conflicts: 0 });
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
