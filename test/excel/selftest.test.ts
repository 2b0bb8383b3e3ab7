/**
 * 自检: the comparator passes on what a real engine computed (the same campaign written by the
 * .xlsx renderer and recalculated by LibreOffice), fails when one formula is altered, and the
 * Office.js run removes everything it inserted.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { checkSelfTest, layoutWorkbook, SELF_TEST_CASES, selfTestCampaign, strings, typedRows, type WorkbookGrid, type WorkbookSpec } from '../../src/core';
import { shiftFormula } from '../../src/core/formula-shift';
import { ExcelDouble } from '../../src/excel-double/double';
import { key } from '../../src/excel-double/state';
import { runSelfTest, selfTestReport } from '../../src/excel/selftest';
import { writeXlsx } from '../../src/xlsx/render';
import { recalculate } from '../helpers/libreoffice';
import { plain, tempDir } from '../helpers/workbook';

const dir = tempDir('cl-selftest-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function sheetsOf(spec: WorkbookSpec) {
  const name = (key: string) => spec.sheets.find((s) => s.key === key)!.name;
  return { dashboard: name('dashboard'), schedule: name('schedule'), ledger: name('ledger') };
}

/** What LibreOffice computed, cell by cell (a computed 0 included, which ExcelJS's cell.value drops). */
function gridOf(wb: ExcelJS.Workbook): WorkbookGrid {
  return {
    names: {},
    sheets: wb.worksheets.map((ws) => {
      const rows: WorkbookGrid['sheets'][number]['rows'] = [];
      ws.eachRow((row, r) => {
        rows[r - 1] = [];
        row.eachCell((c, col) => {
          rows[r - 1][col - 1] = plain(c);
        });
      });
      for (let i = 0; i < rows.length; i++) rows[i] ??= [];
      return { name: ws.name, hidden: false, rows };
    }),
  };
}

/** The self-test campaign as a file, with the typed row in it, optionally with one formula altered. */
async function file(spec: WorkbookSpec, name: string, alter?: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await writeXlsx(spec)) as unknown as ArrayBuffer);
  for (const typed of typedRows(spec))
    typed.values.forEach((v, i) => {
      if (v !== null) wb.getWorksheet(typed.sheet)!.getCell(typed.row, typed.col + i).value = v as ExcelJS.CellValue;
    });
  alter?.(wb);
  const out = path.join(dir, name);
  await wb.xlsx.writeFile(out);
  return out;
}

describe.each(['zh-CN', 'en'] as const)('the comparator on LibreOffice’s results (%s)', (lang) => {
  const spec = layoutWorkbook(selfTestCampaign(lang));
  let results: ReturnType<typeof checkSelfTest>[];

  beforeAll(async () => {
    // The completed-late case: not the first row, whose formula the others share in the file.
    const lateRow = spec.sheets.find((s) => s.key === 'ledger')!.tables[0].row + 1 + Object.keys(SELF_TEST_CASES).indexOf('completedLate');
    const files = [
      await file(spec, `${lang}-as-built.xlsx`),
      // One formula altered: the completed-late case's status always says 进行中.
      await file(spec, `${lang}-altered.xlsx`, (wb) => {
        const status = wb.getWorksheet(sheetsOf(spec).ledger)!.getCell(lateRow, 11);
        expect(status.formula).toBeTruthy();
        status.value = { formula: `IF(TRUE,"${strings(lang).ledger.statuses.inProgress}","")` } as ExcelJS.CellFormulaValue;
      }),
    ];
    const recalculated = recalculate(files);
    results = [];
    for (const f of recalculated) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(f);
      results.push(checkSelfTest(gridOf(wb), sheetsOf(spec), lang));
    }
  });

  test('as built, every check passes: each case’s status and days, each phase, each count', () => {
    const [built] = results;
    expect(built.checks.filter((c) => !c.pass)).toEqual([]);
    expect(built.checks.length).toBe(11 * 2 + 4 + 8);
    expect(built.checks.find((c) => c.id === 'typedBelowTable:status')?.got).toMatch(/已逾期|Overdue/);
    expect(built.checks.find((c) => c.id === 'typedFarBelow:status')?.got).toMatch(/即将到期|Due soon/);
  });

  test('with one formula altered, that case fails, and the counts that depend on it', () => {
    const failed = results[1].checks.filter((c) => !c.pass).map((c) => c.id);
    expect(failed).toEqual(['completedLate:status', 'count:inProgress', 'count:completedLate']);
  });
});

test('in Excel (the double): five round trips, every sheet and name removed again, a report per check', async () => {
  const double = new ExcelDouble({ sheets: ['数据'] });
  double.state.names.push({ name: 'Budget', formula: "='数据'!$A$1", visible: true });
  const before = JSON.stringify([double.state.sheets.map((s) => s.name), double.state.names, double.state.tables]);
  const run = await runSelfTest(double.context(), 'zh-CN');
  expect(run.syncs).toBe(5);
  expect(double.syncs).toHaveLength(5);
  expect(run.removed).toBe(true);
  expect(JSON.stringify([double.state.sheets.map((s) => s.name), double.state.names, double.state.tables])).toBe(before);
  // The double does not calculate: what it reads back is empty, and the report says so check by check.
  expect(run.result.failed).toBeGreaterThan(0);
  const report = selfTestReport(run, { platform: 'PC', version: '16.0.18000', apiSets: ['1.1', '1.9'] }, 'zh-CN', '2026-11-25');
  expect(report.split('\n')[0]).toBe(`campaign-ledger 自检(2026-11-25):${run.result.passed}/${run.result.checks.length} 项通过`);
  expect(report).toContain('✗ overdue:status:应为 已逾期,Excel 算出 ∅');
  expect(report).toContain('Excel 平台:PC,版本:16.0.18000');
  expect(report).toContain('支持的 ExcelApi:1.1, 1.9');
  expect(double.forwardReferences).toEqual([]);
});

test('in Excel (the double): the typed row joins the table and gets its status formula before the read', async () => {
  const double = new ExcelDouble();
  let tableRange = '';
  // Look at the workbook between the typing round trip and the removal.
  const ctx = double.context();
  const sync = ctx.sync.bind(ctx);
  ctx.sync = async () => {
    await sync();
    if (double.syncs.length === 3) tableRange = double.state.tables[0]?.range ?? '';
  };
  await runSelfTest(ctx, 'en');
  expect(tableRange).toBe('A2:V12');
});

/**
 * Excel's AutoCorrect options for tables are the user's (AutoCorrect.AutoExpandListRange, "Include
 * new rows and columns in table"; AutoCorrect.AutoFillFormulasInLists, "Fill formulas in tables to
 * create calculated columns"; both on by default, both apply to add-in writes: office-js#6745).
 * Whatever they are, each typed row must hold its status formula when 自检 reads Excel's results.
 */
describe.each([
  ['both on', true, true],
  ['"include new rows" off', false, true],
  ['"fill formulas" off', true, false],
  ['both off', false, false],
])('in Excel (the double) with AutoCorrect %s', (_label, autoExpandListRange, autoFillFormulasInLists) => {
  test('every typed row has its status and helper formulas before the read', async () => {
    const double = new ExcelDouble({ autoCorrect: { autoExpandListRange, autoFillFormulasInLists } });
    const spec = layoutWorkbook(selfTestCampaign('en'));
    const ledger = spec.sheets.find((s) => s.key === 'ledger')!;
    const rows = typedRows(spec).map((t) => t.row);
    let seen: (string | undefined)[][] = [];
    const ctx = double.context();
    const sync = ctx.sync.bind(ctx);
    ctx.sync = async () => {
      await sync();
      if (double.syncs.length === 3) seen = rows.map((r) => ledger.filled.map((f) => double.sheet(ledger.name).cells.get(key(r, f.col))?.formula));
    };
    await runSelfTest(ctx, 'en');
    // The formulas the file has in those rows: each filled formula moved to the row.
    expect(seen).toEqual(rows.map((r) => ledger.filled.map((f) => shiftFormula(f.formula, r - f.firstRow, 0))));
  });
});
