/**
 * An honest as-of date: the run names where its as-of date and window came from, each truly, and
 * a run as of a day after today is a preview: its 逾期清单 is written and says so, but nothing of
 * a day that has not come is recorded (首次逾期日期, 逾期天数, 标记记录). Today is the clock the
 * command is given (Io.today), fixed here; the Excel path is held against the file path.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { campaignFromTemplate, columnLetter, DASHBOARD_CELLS, layoutWorkbook, withSampleItems } from '../../src/core';
import { main } from '../../src/cli/main';
import { doubleFromXlsx } from '../../src/excel-double/from-xlsx';
import { flagWorkbook } from '../../src/excel/flag';
import { flagXlsx } from '../../src/xlsx/flag';
import { writeXlsx } from '../../src/xlsx/render';
import { plain, tempDir } from '../helpers/workbook';

const TODAY = '2026-12-05';
const dir = tempDir('cl-as-of-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The command as a user runs it, on a clock that says TODAY. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), today: () => TODAY, now: () => new Date(`${TODAY}T02:00:00Z`) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The demo's kind of workbook: =TODAY() on 总览, items around TODAY. */
async function campaign(file: string, asOf?: string): Promise<string> {
  const c = withSampleItems(campaignFromTemplate('jiefang-sixiang', { start: '2026-11-01', lang: 'zh-CN' }), 14, TODAY);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await writeXlsx(layoutWorkbook(c))) as unknown as ArrayBuffer);
  if (asOf) wb.getWorksheet('总览')!.getCell(DASHBOARD_CELLS.asOf.row, DASHBOARD_CELLS.asOf.col).value = new Date(`${asOf}T00:00:00Z`);
  const at = path.join(dir, file);
  fs.writeFileSync(at, new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  return at;
}

/** 首次逾期日期 of every item, and the rows of 标记记录 (none when the sheet is not there). */
async function history(file: string): Promise<{ firstOverdue: string[]; daysOverdue: number[]; logRows: number; caption: string }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('整改台账')!;
  const cols: Record<string, number> = {};
  let header = 0;
  ws.eachRow((row, r) =>
    row.eachCell((c, k) => {
      if (c.value === '首次逾期日期' || c.value === '逾期天数') [cols[c.value], header] = [k, r];
    }),
  );
  const firstOverdue: string[] = [];
  const daysOverdue: number[] = [];
  for (let r = header + 1; r <= ws.rowCount; r++) {
    const f = plain(ws.getCell(r, cols['首次逾期日期']));
    const d = plain(ws.getCell(r, cols['逾期天数']));
    if (f !== null) firstOverdue.push(String(f));
    if (typeof d === 'number') daysOverdue.push(d);
  }
  const log = wb.getWorksheet('标记记录');
  return {
    firstOverdue,
    daysOverdue,
    logRows: log ? log.rowCount - 1 : 0,
    caption: String(plain(wb.getWorksheet('逾期清单')!.getCell('A2')) ?? ''),
  };
}

test('flag --as-of a day after today, in place: says the date came from --as-of (and the window from 总览), a preview that records nothing', async () => {
  const file = await campaign('future.xlsx');
  const r = await run('flag', file, '--as-of', '2026-12-08', '--in-place');
  expect(r.code).toBe(0);
  // Before: "按工作簿“总览”中的设置统计:截止日期 2026-12-08 …", while --json said asOfFrom: option.
  expect(r.out).toContain('截止日期 2026-12-08:按 --as-of 指定。即将到期:3 天内,取自工作簿“总览”。');
  expect(r.out).not.toContain('按工作簿“总览”中的设置统计');
  expect(r.out).toContain('预览:截止日期 2026-12-08 晚于今天(2026-12-05),只生成逾期清单供查看;“首次逾期日期”“逾期天数”和“标记记录”都没有改动。');
  const after = await history(file);
  expect(after.firstOverdue).toEqual([]);
  expect(after.daysOverdue).toEqual([]);
  expect(after.logRows).toBe(0);
  expect(after.caption.startsWith('【预览】统计日期 2026-12-08 晚于今天(2026-12-05),本表仅供查看,台账未记录。 统计日期 2026-12-08:逾期')).toBe(true);

  const json = JSON.parse((await run('flag', file, '--as-of', '2026-12-08', '--json', '-o', path.join(dir, 'future-json.xlsx'))).out);
  expect(json).toMatchObject({ asOf: '2026-12-08', asOfFrom: 'option', dueSoonFrom: 'workbook', preview: true });

  // As of today the same file records its history: first-overdue dates of today, one log row.
  const now = await run('flag', file, '--in-place');
  expect(now.out).not.toContain('预览');
  const recorded = await history(file);
  expect(recorded.firstOverdue.length).toBeGreaterThan(0);
  expect(new Set(recorded.firstOverdue)).toEqual(new Set([TODAY]));
  expect(recorded.logRows).toBe(1);
  // A preview after that keeps what was recorded.
  await run('flag', file, '--as-of', '2026-12-20', '--in-place');
  expect(await history(file)).toMatchObject({ firstOverdue: recorded.firstOverdue, daysOverdue: recorded.daysOverdue, logRows: 1 });
});

test('each source named as it is: the workbook’s typed date, today, the default window', async () => {
  const typed = await campaign('typed.xlsx', '2026-12-01');
  expect((await run('flag', typed, '-o', path.join(dir, 'typed-out.xlsx'))).out).toContain('按工作簿“总览”中的设置统计:截止日期 2026-12-01,即将到期 3 天内。');
  const live = await campaign('live.xlsx');
  const r = await run('flag', live, '-o', path.join(dir, 'live-out.xlsx'), '--due-soon-days', '5');
  expect(r.out).toContain('截止日期 2026-12-05:今天(工作簿的统计日期为 =TODAY() 或未设定)。即将到期:5 天内,按 --due-soon-days 指定。');
});

test('in Excel, a date typed on 总览 after today: the same preview as the file path, no 标记记录 and no 首次逾期日期 written', async () => {
  const file = await campaign('typed-future.xlsx', '2026-12-09');
  const bytes = new Uint8Array(fs.readFileSync(file));
  const onFile = await flagXlsx(bytes, { runDate: TODAY });
  const double = await doubleFromXlsx(bytes);
  const inExcel = await flagWorkbook(double.context(), { runDate: TODAY });
  expect(inExcel.settings).toEqual(onFile.settings);
  expect(inExcel.settings).toMatchObject({ asOf: '2026-12-09', asOfFrom: 'workbook', preview: true });
  expect(double.state.sheets.map((s) => s.name)).not.toContain('标记记录');
  expect(double.state.sheets.map((s) => s.name)).toContain('逾期清单');
  // 首次逾期日期: its header found, and below it nothing.
  let at: { row: number; col: number } | null = null;
  for (let row = 1; row <= 5 && !at; row++)
    for (let col = 1; col <= 40 && !at; col++) if (double.cell('整改台账', `${columnLetter(col)}${row}`)?.value === '首次逾期日期') at = { row, col };
  expect(at).not.toBeNull();
  const written = Array.from({ length: 60 }, (_, i) => double.cell('整改台账', `${columnLetter(at!.col)}${at!.row + 1 + i}`)?.value ?? '').filter(
    (v) => v !== '',
  );
  expect(written).toEqual([]);
});
