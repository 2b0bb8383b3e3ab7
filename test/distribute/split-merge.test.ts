/**
 * 分发与汇总 as an office runs it from the command line: a campaign split into one workbook per
 * unit, the copies edited as units edit them (one saved through LibreOffice, one with an item
 * deleted, one with a locked column changed after its protection was removed, one merged twice),
 * then merged back. The master is recalculated by LibreOffice and read cell by cell.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { DEFAULT_TEMPLATE_ID } from '../../src/core';
import { bytesOf, layoutOne } from '../helpers/handmade';
import { recalculate } from '../helpers/libreoffice';
import { tempDir } from '../helpers/workbook';
import { type CopyEdit, editUnitCopy } from '../helpers/unit-copy';

const BIN = path.resolve(__dirname, '../../bin/campaign-ledger.js');
let dir: string;
const at = (f: string) => path.join(dir, f);
const hash = (f: string) =>
  crypto
    .createHash('sha256')
    .update(fs.readFileSync(at(f)))
    .digest('hex');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function open(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer);
  return wb;
}

type Cell = string | number | null;
/** A cell as text: dates as YYYY-MM-DD, formulas by their result, empty as null. */
function plain(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'result' in v) return plain((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'formula' in v) return null;
  return v === '' ? null : (v as string | number);
}

/** A ledger sheet as rows of plain cells keyed by header, from its header row down. */
function rowsByHeader(ws: ExcelJS.Worksheet, headerRow: number): Record<string, Cell>[] {
  const headers = (ws.getRow(headerRow).values as ExcelJS.CellValue[]).map((v) => (typeof v === 'string' ? v : ''));
  const out: Record<string, Cell>[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row: Record<string, Cell> = { _row: r };
    headers.forEach((h, c) => {
      if (h) row[h] = plain(ws.getRow(r).getCell(c).value);
    });
    out.push(row);
  }
  return out;
}

/** The master's items by number. */
function itemsOf(wb: ExcelJS.Workbook): Map<string, Record<string, Cell>> {
  const rows = rowsByHeader(wb.getWorksheet('整改台账')!, headerRowOf(wb.getWorksheet('整改台账')!));
  return new Map(rows.filter((r) => typeof r['台账编号'] === 'string').map((r) => [r['台账编号'] as string, r]));
}

function headerRowOf(ws: ExcelJS.Worksheet): number {
  for (let r = 1; r <= 10; r++) if ((ws.getRow(r).values as ExcelJS.CellValue[]).includes('整改时限')) return r;
  throw new Error('no header row');
}

/** A unit's copy edited as a unit edits it, written under a new name. */
async function editCopy(file: string, out: string, edit: CopyEdit): Promise<void> {
  fs.writeFileSync(at(out), await editUnitCopy(fs.readFileSync(at(file)), edit));
}

/** The copy's item ids, in its order. */
async function idsIn(file: string): Promise<string[]> {
  const ws = (await open(at(file))).getWorksheet('整改台账')!;
  const ids: string[] = [];
  for (let r = 3; r <= ws.rowCount; r++) {
    const v = ws.getRow(r).getCell(1).value;
    if (typeof v === 'string') ids.push(v);
  }
  return ids;
}

/** A package with one part's text changed (a file's core properties, say). */
function withPart(file: string, part: string, change: (xml: string) => string): void {
  const files = unzipSync(fs.readFileSync(at(file)));
  files[part] = strToU8(change(strFromU8(files[part])));
  fs.writeFileSync(at(file), zipSync(files));
}

/** The start of an item's problem, as 汇总记录 and the reports give it: 16 characters, then an ellipsis. */
const startOf = (text: string) => ([...text].length > 16 ? `${[...text].slice(0, 16).join('')}…` : text);

const UNITS = ['办公室', '组织人事科', '宣传科', '纪检监察室', '业务科室', '各科室'];
const copyOf = (unit: string) => path.join('units', `整改台账-${unit}.xlsx`);

beforeAll(() => {
  dir = tempDir('cl-distribute-');
  const r = run('build', '--template', DEFAULT_TEMPLATE_ID, '--start', '2026-11-01', '--as-of', '2026-12-01', '--sample-items', '21', '-o', 'master.xlsx');
  if (r.code !== 0) throw new Error(r.err);
  fs.copyFileSync(at('master.xlsx'), at('original.xlsx'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('split', () => {
  test('numbers every item of the master and writes one workbook per unit; a second split gives the same numbers', async () => {
    const r = run('split', 'master.xlsx', '-o', 'units');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    // A ledger of ours has its numbers from the start: the split only records the campaign's id.
    expect(r.out).not.toContain('编上台账编号');
    expect(fs.readdirSync(at('units')).sort()).toEqual(UNITS.map((u) => `整改台账-${u}.xlsx`).sort());
    const master = await open(at('master.xlsx'));
    const items = itemsOf(master);
    expect([...items.keys()]).toEqual(Array.from({ length: 21 }, (_, i) => `ZG-${String(i + 1).padStart(4, '0')}`));
    // Every item in exactly one copy, the copy of its unit.
    const sent: string[] = [];
    for (const unit of UNITS) {
      const ids = await idsIn(copyOf(unit));
      for (const id of ids) expect(items.get(id)!['责任单位']).toBe(unit);
      sent.push(...ids);
    }
    expect(sent.sort()).toEqual([...items.keys()].sort());

    const before = hash('master.xlsx');
    const again = run('split', 'master.xlsx', '-o', 'units-again');
    expect(again.code).toBe(0);
    expect(again.out).not.toContain('编上台账编号');
    expect(hash('master.xlsx')).toBe(before);
    for (const unit of UNITS) expect(await idsIn(path.join('units-again', `整改台账-${unit}.xlsx`))).toEqual(await idsIn(copyOf(unit)));
    // Files are not overwritten without --force.
    expect(run('split', 'master.xlsx', '-o', 'units').code).toBe(2);
  });

  test('a ledger kept by hand gets its numbers in a new column right of it, written into the file', async () => {
    fs.writeFileSync(at('kept.xlsx'), await bytesOf(layoutOne()));
    const r = run('split', 'kept.xlsx', '-o', 'kept-units');
    expect(r.code).toBe(0);
    expect(r.out).toContain('已给“作风问题整改台账”的 7 项事项编上台账编号');
    expect(r.out).toContain('“台账编号”列加在台账右侧(K 列)。');
    const ws = (await open(at('kept.xlsx'))).getWorksheet('作风问题整改台账')!;
    expect(ws.getColumn(11).values.slice(2, 11)).toEqual(['台账编号', 'ZG-0001', 'ZG-0002', 'ZG-0003', 'ZG-0004', 'ZG-0005', 'ZG-0006', 'ZG-0007', undefined]);
    expect(fs.readdirSync(at('kept-units')).sort()).toEqual(['整改台账-业务科.xlsx', '整改台账-办公室.xlsx', '整改台账-纪检室.xlsx']);
  });

  test('a copy: locked but for the columns the unit fills, without a password; a record of its campaign, unit and date; 填报说明', async () => {
    const wb = await open(at(copyOf('办公室')));
    const ws = wb.getWorksheet('整改台账')!;
    const protection = (ws as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection;
    expect(protection.sheet).toBe(true);
    expect(protection.hashValue).toBeUndefined();
    const headers = ws.getRow(2).values as ExcelJS.CellValue[];
    const cell = (h: string) => ws.getRow(3).getCell(headers.indexOf(h));
    expect(cell('完成日期').protection?.locked).toBe(false);
    expect(cell('备注').protection?.locked).toBe(false);
    expect(cell('问题描述').protection?.locked).not.toBe(false);
    expect(cell('台账编号').protection?.locked).not.toBe(false);
    const info = wb.worksheets.find((w) => w.state === 'hidden')!;
    const record = new Map<string, string>();
    info.eachRow((row) => record.set(String(row.getCell(1).value), String(row.getCell(2).value)));
    expect(record.get('unit')).toBe('办公室');
    expect(record.get('campaignId')).toMatch(/^CL-/);
    expect(record.get('splitAt')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(wb.getWorksheet('填报说明')!.getCell('A3').value).toContain('“完成日期”、“备注”');
  });

  test('LibreOffice computes the same status in each copy as in the master', async () => {
    const files = [at('master.xlsx'), ...UNITS.map((u) => at(copyOf(u)))];
    const [master, ...copies] = recalculate(files);
    const items = itemsOf(await open(master));
    let compared = 0;
    for (const copy of copies) {
      const rows = rowsByHeader((await open(copy)).getWorksheet('整改台账')!, 2).filter((r) => r['台账编号']);
      for (const row of rows) {
        expect([row['台账编号'], row['整改状态']]).toEqual([row['台账编号'], items.get(row['台账编号'] as string)!['整改状态']]);
        compared++;
      }
    }
    expect(compared).toBe(21);
    expect(new Set([...items.values()].map((i) => i['整改状态'])).size).toBeGreaterThanOrEqual(5);
  });

  // A copy used to get a settings sheet of its own with =TODAY(): a master reporting as of a fixed
  // day and its copies disagreed from the day after (ZG-0002 即将到期 in the master, 已逾期 in the copy).
  test('a copy reports as of the master’s date (typed there, or =TODAY()) and its window, and says so', async () => {
    const settingsOf = async (file: string) => {
      const wb = await open(file);
      const ws = wb.getWorksheet('状态设置')!;
      return { asOf: ws.getCell('B3').value, window: ws.getCell('B4').value, instructions: String(wb.getWorksheet('填报说明')!.getCell('A5').value) };
    };
    const fixed = await settingsOf(at(copyOf('办公室')));
    expect(fixed.asOf).toEqual(new Date(Date.UTC(2026, 11, 1)));
    expect(fixed.window).toBe(3);
    expect(fixed.instructions).toBe('“整改状态”和“剩余天数”按统计日期 2026-12-01 计算,与总台账相同;统计日期在“状态设置”中。');

    // A master counting as of today, with a window of 10 days: its copies count so too.
    expect(
      run('build', '--template', DEFAULT_TEMPLATE_ID, '--start', '2026-11-01', '--due-soon-days', '10', '--sample-items', '4', '-o', 'live.xlsx').code,
    ).toBe(0);
    const r = run('split', 'live.xlsx', '-o', 'live-units');
    expect(r.code).toBe(0);
    expect(r.out).toContain('各单位工作簿的“整改状态”与总台账一样按当天日期计算。');
    const live = await settingsOf(at(path.join('live-units', fs.readdirSync(at('live-units'))[0])));
    expect(live.asOf).toMatchObject({ formula: 'TODAY()' });
    expect(live.window).toBe(10);
    expect(live.instructions).toContain('按打开文件当天的日期计算');
    expect(run('split', 'master.xlsx', '-o', 'units-said', '--force').out).toContain('各单位工作簿的“整改状态”按总台账的统计日期 2026-12-01 计算。');
  });
});

describe('merge', () => {
  const expectedLog: string[] = [];
  let ids: Record<string, string[]>;

  beforeAll(async () => {
    ids = Object.fromEntries(await Promise.all(UNITS.map(async (u) => [u, await idsIn(copyOf(u))])));
    // 办公室 completes its first item and notes it, then saves through LibreOffice.
    const [o1] = ids['办公室'];
    await editCopy(copyOf('办公室'), 'office-edited.xlsx', (ws, col, rowOf) => {
      ws.getRow(rowOf(o1)).getCell(col('完成日期')).value = new Date(Date.UTC(2026, 10, 29));
      ws.getRow(rowOf(o1)).getCell(col('备注')).value = '已建立考勤台账';
    });
    fs.copyFileSync(recalculate([at('office-edited.xlsx')])[0], at('office-libreoffice.xlsx'));
    // 组织人事科 deletes an item and remarks on another.
    const [p1, p2] = ids['组织人事科'];
    await editCopy(copyOf('组织人事科'), 'personnel.xlsx', (ws, col, rowOf) => {
      ws.getRow(rowOf(p2)).getCell(col('备注')).value = '正在推进';
      ws.spliceRows(rowOf(p1), 1);
    });
    // 宣传科 removes the protection and rewords a problem, and completes an item.
    const [x1, x2] = ids['宣传科'];
    await editCopy(copyOf('宣传科'), 'publicity.xlsx', (ws, col, rowOf) => {
      ws.unprotect();
      ws.getRow(rowOf(x1)).getCell(col('问题描述')).value = '问题已不存在';
      ws.getRow(rowOf(x2)).getCell(col('完成日期')).value = new Date(Date.UTC(2026, 10, 30));
    });
    // 纪检监察室 remarks on an item (merged twice).
    const [j1] = ids['纪检监察室'];
    await editCopy(copyOf('纪检监察室'), 'discipline.xlsx', (ws, col, rowOf) => {
      ws.getRow(rowOf(j1)).getCell(col('备注')).value = '12月初完成';
    });
    // 业务科室 slips in an item of 办公室's and an unknown number.
    const [b1, b2] = ids['业务科室'];
    await editCopy(copyOf('业务科室'), 'business.xlsx', (ws, _col, rowOf) => {
      ws.unprotect();
      ws.getRow(rowOf(b1)).getCell(1).value = ids['办公室'][1];
      ws.getRow(rowOf(b2)).getCell(1).value = 'ZG-9999';
    });
    const office = ids['办公室'][0];
    // The log names each item by its number and the start of its problem.
    const items = itemsOf(await open(at('master.xlsx')));
    const item = (id: string) => `${id}|${startOf(items.get(id)!['问题描述'] as string)}`;
    expectedLog.push(
      `office-libreoffice.xlsx|办公室|${item(office)}|完成日期||2026-11-29`,
      `office-libreoffice.xlsx|办公室|${item(office)}|备注||已建立考勤台账`,
      `personnel.xlsx|组织人事科|${item(p2)}|备注||正在推进`,
      `publicity.xlsx|宣传科|${item(x2)}|完成日期||2026-11-30`,
      `discipline.xlsx|纪检监察室|${item(j1)}|备注||12月初完成`,
    );
  });

  test('applies the units’ columns by number, reports what it does not apply, and logs every change; LibreOffice computes the new statuses', async () => {
    const before = itemsOf(await open(at('master.xlsx')));
    const r = run(
      'merge',
      'master.xlsx',
      'office-libreoffice.xlsx',
      'personnel.xlsx',
      'publicity.xlsx',
      'discipline.xlsx',
      'business.xlsx',
      '-o',
      'merged.xlsx',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const [p1] = ids['组织人事科'];
    const [x1] = ids['宣传科'];
    expect(r.out).toContain(`“personnel.xlsx”:${p1} 在副本中被删除,总台账保留该事项。`);
    expect(r.out).toContain(`“publicity.xlsx”:${x1}(${startOf(before.get(x1)!['问题描述'] as string)})的“问题描述”被改为“问题已不存在”`);
    expect(r.out).toContain(`“business.xlsx”:${ids['办公室'][1]} 是“办公室”的事项,不属于“业务科室”,未采用。`);
    expect(r.out).toContain('“business.xlsx”:总台账中没有编号 ZG-9999,未采用。');
    // The two numbers 业务科室 overwrote are missing from its copy: deleted, as far as the copy tells.
    for (const id of ids['业务科室'].slice(0, 2)) expect(r.out).toContain(`“business.xlsx”:${id} 在副本中被删除,总台账保留该事项。`);
    expect(r.out).toContain('汇总:更新 5 处,追加 0 项,未采用 6 处。');

    const [recalculated, original] = recalculate([at('merged.xlsx'), at('master.xlsx')]);
    const wb = await open(recalculated);
    const after = itemsOf(wb);
    expect([...after.keys()]).toEqual([...before.keys()]);
    const office = after.get(ids['办公室'][0])!;
    expect([office['完成日期'], office['备注'], office['整改状态']]).toEqual(['2026-11-29', '已建立考勤台账', '已完成']);
    expect(after.get(ids['宣传科'][1])!['完成日期']).toBe('2026-11-30');
    expect(after.get(x1)!['问题描述']).toBe(before.get(x1)!['问题描述']);
    // Every other cell as it was, status formulas included.
    const changed = new Set([
      `${ids['办公室'][0]}|完成日期`,
      `${ids['办公室'][0]}|备注`,
      `${ids['办公室'][0]}|整改状态`,
      `${ids['办公室'][0]}|剩余天数`,
      `${ids['组织人事科'][1]}|备注`,
      `${ids['宣传科'][1]}|完成日期`,
      `${ids['宣传科'][1]}|整改状态`,
      `${ids['宣传科'][1]}|剩余天数`,
      `${ids['纪检监察室'][0]}|备注`,
    ]);
    const was = itemsOf(await open(original));
    for (const [id, row] of after) {
      for (const [h, v] of Object.entries(row)) if (!changed.has(`${id}|${h}`)) expect([id, h, v]).toEqual([id, h, was.get(id)![h]]);
    }
    const log = wb.getWorksheet('汇总记录')!;
    expect((log.getRow(1).values as ExcelJS.CellValue[]).slice(1)).toEqual(['汇总时间', '文件', '单位', '台账编号', '事项', '列', '原值', '新值']);
    const lines: string[] = [];
    for (let row = 2; row <= log.rowCount; row++) {
      const v = (log.getRow(row).values as ExcelJS.CellValue[]).slice(1).map((x) => String(plain(x) ?? ''));
      expect(v[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
      lines.push(v.slice(1).join('|'));
    }
    expect(lines.sort()).toEqual([...expectedLog].sort());
  });

  test('the copy saved through LibreOffice keeps its protection without a password, its open cells, and its record', () => {
    const files = unzipSync(fs.readFileSync(at('office-libreoffice.xlsx')));
    const workbook = strFromU8(files['xl/workbook.xml']);
    const sheets = Object.keys(files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
    const ledger = sheets.map((n) => strFromU8(files[n])).find((x) => x.includes('<sheetProtection'))!;
    expect(ledger).toMatch(/<sheetProtection [^>]*sheet="(1|true)"/);
    expect(ledger).not.toMatch(/<sheetProtection [^>]*(hashValue|password)=/);
    expect(workbook).toMatch(/<definedName [^>]*name="CL_CopyInfo"/);
    expect(workbook).toMatch(/state="hidden"/);
  });

  test('the same copy merged again changes nothing, and nothing is written', () => {
    const r = run('merge', 'merged.xlsx', 'discipline.xlsx', 'office-libreoffice.xlsx', '-o', 'merged-again.xlsx');
    expect(r.code).toBe(0);
    expect(r.out).toContain('“discipline.xlsx”(纪检监察室):没有新的变化。');
    expect(r.out).toContain('没有需要汇总的变化,总台账未改动。');
    expect(fs.existsSync(at('merged-again.xlsx'))).toBe(false);
  });

  test('a copy older than one already merged, changing a cell the other changed too: a conflict, reported, not applied', async () => {
    await editCopy(copyOf('纪检监察室'), 'discipline-old.xlsx', (ws, col, rowOf) => {
      ws.getRow(rowOf(ids['纪检监察室'][0])).getCell(col('备注')).value = '旧的说明';
    });
    // Saved before the split itself: an old copy found in a mailbox.
    withPart('discipline-old.xlsx', 'docProps/core.xml', (xml) => xml.replace(/(<dcterms:modified[^>]*>)[^<]+/, '$12020-01-01T00:00:00Z'));
    // The copy merged already was saved later than the split: make that so, then merge the old one.
    withPart('discipline.xlsx', 'docProps/core.xml', (xml) => xml.replace(/(<dcterms:modified[^>]*>)[^<]+/, '$12099-01-01T00:00:00Z'));
    expect(run('merge', 'merged.xlsx', 'discipline.xlsx', '--in-place').code).toBe(0);
    const before = hash('merged.xlsx');
    const r = run('merge', 'merged.xlsx', 'discipline-old.xlsx', '--in-place');
    expect(r.code).toBe(0);
    const j1 = ids['纪检监察室'][0];
    const problem = startOf(itemsOf(await open(at('merged.xlsx'))).get(j1)!['问题描述'] as string);
    expect(r.out).toContain(
      `“discipline-old.xlsx”:${j1}(${problem})的“备注”在副本中改为“旧的说明”,而总台账在分发后已改为“12月初完成”(分发时为“(空)”);两处改得不同,未采用`,
    );
    expect(r.out).toContain('没有需要汇总的变化,总台账未改动。');
    expect(hash('merged.xlsx')).toBe(before);
  });
});

/** The modification time a file's core properties give (what merge reads as the time it was saved). */
function savedAt(file: string, time: string): void {
  withPart(file, 'docProps/core.xml', (xml) => xml.replace(/(<dcterms:modified[^>]*>)[^<]+/, `$1${time}`));
}

describe('three-way merge: a copy applies what its unit changed, nothing else', () => {
  const unit = '办公室';
  let first: string;
  let second: string;
  const cells = async (file: string, id: string) => {
    const row = itemsOf(await open(at(file))).get(id)!;
    return [row['完成日期'], row['备注']];
  };

  beforeAll(async () => {
    // The case: the demo split, two cells of one unit's copy filled and merged.
    expect(run('demo', '-o', 'demo.xlsx').code).toBe(0);
    expect(run('split', 'demo.xlsx', '-o', 'demo-units').code).toBe(0);
    [first, second] = await idsIn(path.join('demo-units', `整改台账-${unit}.xlsx`));
    await editCopy(path.join('demo-units', `整改台账-${unit}.xlsx`), 'filled.xlsx', (ws, col, rowOf) => {
      ws.getRow(rowOf(first)).getCell(col('完成日期')).value = new Date(Date.UTC(2026, 10, 29));
      ws.getRow(rowOf(first)).getCell(col('备注')).value = '已建立考勤台账';
    });
    const r = run('merge', 'demo.xlsx', 'filled.xlsx', '--in-place');
    expect(r.out).toContain('汇总:更新 2 处,追加 0 项,未采用 0 处。');
  });

  test('the unit’s untouched copy from the same split, merged after: the master’s filled cells stay, and it says nothing changed', async () => {
    const before = hash('demo.xlsx');
    const r = run('merge', 'demo.xlsx', path.join('demo-units', `整改台账-${unit}.xlsx`), '--in-place');
    expect(r.err).toBe('');
    expect(r.out).toContain(`“整改台账-${unit}.xlsx”(${unit}):没有新的变化。`);
    expect(r.out).not.toContain('更新 2 处');
    expect(await cells('demo.xlsx', first)).toEqual(['2026-11-29', '已建立考勤台账']);
    expect(hash('demo.xlsx')).toBe(before);
  });

  test('two people of one unit, each filling other rows: both kept, whichever file was saved first', async () => {
    const copy = path.join('demo-units', `整改台账-${unit}.xlsx`);
    await editCopy(copy, 'person-a.xlsx', (ws, col, rowOf) => {
      ws.getRow(rowOf(second)).getCell(col('备注')).value = '甲:已约谈';
    });
    await editCopy(copy, 'person-b.xlsx', (ws, col, rowOf) => {
      ws.getRow(rowOf(second)).getCell(col('完成日期')).value = new Date(Date.UTC(2026, 10, 30));
    });
    // B saved before A, and merged after: an older copy, which the merge took for stale before.
    savedAt('person-a.xlsx', '2026-12-04T08:00:00Z');
    savedAt('person-b.xlsx', '2026-12-03T08:00:00Z');
    const r = run('merge', 'demo.xlsx', 'person-a.xlsx', 'person-b.xlsx', '-o', 'two-people.xlsx');
    expect(r.err).toBe('');
    expect(r.out).toContain('汇总:更新 2 处,追加 0 项,未采用 0 处。');
    expect(await cells('two-people.xlsx', second)).toEqual(['2026-11-30', '甲:已约谈']);
    // And what the first merge filled stays.
    expect(await cells('two-people.xlsx', first)).toEqual(['2026-11-29', '已建立考勤台账']);
  });

  test('a cell another copy changed since the split, changed to something else: a conflict with both values and the file, not applied', async () => {
    const copy = path.join('demo-units', `整改台账-${unit}.xlsx`);
    await editCopy(copy, 'person-c.xlsx', (ws, col, rowOf) => {
      ws.getRow(rowOf(first)).getCell(col('备注')).value = '考勤制度已修订';
    });
    const problem = startOf(itemsOf(await open(at('demo.xlsx'))).get(first)!['问题描述'] as string);
    const r = run('merge', 'demo.xlsx', 'person-c.xlsx', '-o', 'conflict.xlsx');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      `“person-c.xlsx”:${first}(${problem})的“备注”在副本中改为“考勤制度已修订”,而总台账在分发后已改为“已建立考勤台账”(分发时为“(空)”);两处改得不同,未采用,请核对后在总台账中填写。`,
    );
    expect(r.out).toContain('1 处冲突(副本和总台账都改了同一单元格,且改得不同)未采用,已逐条列在上面,请核对。');
    expect(r.out).toContain('“person-c.xlsx”(办公室):更新 0 处;1 处与总台账冲突,未采用(见下)。');
    expect(r.out).toContain('没有需要汇总的变化,总台账未改动。');
    expect(fs.existsSync(at('conflict.xlsx'))).toBe(false);
    expect(await cells('demo.xlsx', first)).toEqual(['2026-11-29', '已建立考勤台账']);
  });
});

describe('hand-made ledgers and refusals', () => {
  test('a ledger made by hand is appended with its source; an item the master has is a likely duplicate; a second merge appends nothing', async () => {
    const wb = layoutOne();
    // One item the master has already (same problem, same unit).
    const master = itemsOf(await open(at('master.xlsx')));
    const known = [...master.values()][0];
    wb.getWorksheet('作风问题整改台账')!.getRow(12).values = [8, known['问题描述'], '同上', known['责任单位'], '张三', '2026-12-20'];
    fs.writeFileSync(at('handmade.xlsx'), await bytesOf(wb));
    const r = run('merge', 'master.xlsx', 'handmade.xlsx', '-o', 'with-handmade.xlsx');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('“handmade.xlsx”:追加 7 项事项,来源记在“来源”列。');
    expect(r.out).toContain(`“handmade.xlsx”第 12 行与总台账 ${known['台账编号']} 的问题和责任单位相同,可能重复,未追加。`);
    const after = itemsOf(await open(at('with-handmade.xlsx')));
    const added = [...after.values()].slice(21);
    expect(added.map((i) => [i['台账编号'], i['问题描述'], i['责任单位'], i['来源']])).toEqual(
      ['会议过多', '文件过多', '调研不深', '服务不优', '作风漂浮', '制度缺失', '台账不全'].map((p, i) => [
        `ZG-${String(22 + i).padStart(4, '0')}`,
        p,
        ['办公室', '办公室', '业务科', '业务科', '纪检室', '纪检室', '办公室'][i],
        `handmade.xlsx / 作风问题整改台账 / 第 ${3 + i} 行`,
      ]),
    );
    const again = run('merge', 'with-handmade.xlsx', 'handmade.xlsx', '-o', 'twice.xlsx');
    expect(again.code).toBe(0);
    expect(again.out).toContain('没有需要汇总的变化');
    expect(fs.existsSync(at('twice.xlsx'))).toBe(false);
  });

  test('items from a hand-made ledger go above the master’s 合计 and signature block, never below; the total grows over them; what does not fit is reported', async () => {
    const master = new ExcelJS.Workbook();
    const ws = master.addWorksheet('整改台账');
    ws.getCell('A1').value = '某局作风问题整改台账';
    ws.getRow(2).values = ['序号', '问题描述', '整改措施', '责任单位', '责任人', '整改时限', '完成情况', '备注'];
    ws.getRow(3).values = [1, '会议过多', '精简会议', '办公室', '张三', '2026-12-15'];
    ws.getRow(4).values = [2, '文件过多', '精简文件', '办公室', '李四', '2026-12-20'];
    ws.getRow(5).values = [3, '调研不深', '开展调研', '业务科', '王五', '2026-12-31'];
    // Two empty rows kept above the totals row, then the signature block.
    ws.getCell('A8').value = '合计';
    ws.getCell('B8').value = { formula: 'COUNTA(B3:B7)&"项"', result: '3项' } as ExcelJS.CellFormulaValue;
    ws.getCell('C8').value = { formula: 'COUNTA(B3:B5)', result: 3 } as ExcelJS.CellFormulaValue;
    ws.getCell('A10').value = '填表人:周九';
    ws.getCell('D10').value = '审核人:吴十';
    ws.getCell('A11').value = '联系电话:0571-12345678';
    ws.getCell('D11').value = '日期:2026年12月1日';
    fs.writeFileSync(at('footer-master.xlsx'), await bytesOf(master));
    const unit = new ExcelJS.Workbook();
    const us = unit.addWorksheet('台账');
    us.getRow(1).values = ['序号', '问题描述', '整改措施', '责任单位', '责任人', '整改时限'];
    us.getRow(2).values = [1, '服务不优', '优化服务', '纪检室', '赵六', '2026-12-10'];
    us.getRow(3).values = [2, '作风漂浮', '转变作风', '纪检室', '钱七', '2026-12-11'];
    us.getRow(4).values = [3, '制度缺失', '建立制度', '纪检室', '孙八', '2026-12-12'];
    us.getCell('A6').value = '填表人:郑十一';
    fs.writeFileSync(at('footer-unit.xlsx'), await bytesOf(unit));

    const r = run('merge', 'footer-master.xlsx', 'footer-unit.xlsx', '-o', 'footer-merged.xlsx');
    expect(r.err).toBe('');
    expect(r.out).toContain('“footer-unit.xlsx”:追加 2 项事项,来源记在“来源”列。');
    expect(r.out).toContain(
      '“footer-unit.xlsx”:总台账“整改台账”第 8 行(“合计”)上方没有空行,1 项事项未追加(新事项只加在台账事项之内,不加在合计行、签字栏下面);请在第 8 行上方插入 1 个空行后再汇总一次,已追加的不会重复。',
    );
    const merged = (await open(at('footer-merged.xlsx'))).getWorksheet('整改台账')!;
    // The formulas over the items now reach the appended rows; the one that stopped short of the empty rows too.
    expect([merged.getCell('B8').formula, merged.getCell('C8').formula]).toEqual(['COUNTA(B3:B7)&"项"', 'COUNTA(B3:B7)']);
    const ledger = (await open(recalculate([at('footer-merged.xlsx')])[0])).getWorksheet('整改台账')!;
    const text = (row: number) => Array.from({ length: 8 }, (_, j) => plain(ledger.getRow(row).getCell(j + 1).value));
    expect(text(6)).toEqual([4, '服务不优', '优化服务', '纪检室', '赵六', '2026-12-10', null, null]);
    expect(text(7)).toEqual([5, '作风漂浮', '转变作风', '纪检室', '钱七', '2026-12-11', null, null]);
    expect(text(8)).toEqual(['合计', '5项', 5, null, null, null, null, null]);
    expect([plain(ledger.getCell('A10').value), plain(ledger.getCell('D10').value)]).toEqual(['填表人:周九', '审核人:吴十']);
    expect([plain(ledger.getCell('A11').value), plain(ledger.getCell('D11').value)]).toEqual(['联系电话:0571-12345678', '日期:2026年12月1日']);
    // Nothing below the signature block; the unit's own signature line is not an item.
    for (let row = 12; row <= ledger.rowCount; row++) expect(text(row).every((v) => v === null)).toBe(true);
    expect(r.out).not.toContain('郑十一');
  });

  test('a copy of another campaign, a file that is not a ledger, a copy given as the master: a clear message, nothing written', async () => {
    expect(run('build', '--template', DEFAULT_TEMPLATE_ID, '--start', '2026-10-01', '--sample-items', '5', '-o', 'other.xlsx').code).toBe(0);
    expect(run('split', 'other.xlsx', '-o', 'other-units').code).toBe(0);
    const other = fs.readdirSync(at('other-units'))[0];
    const before = hash('master.xlsx');
    const foreign = run('merge', 'master.xlsx', 'discipline.xlsx', path.join('other-units', other), '--in-place');
    expect(foreign.code).toBe(2);
    expect(foreign.err).toContain('是另一项活动');
    const notes = new ExcelJS.Workbook();
    notes.addWorksheet('笔记').getCell('A1').value = '会议记录';
    fs.writeFileSync(at('notes.xlsx'), await bytesOf(notes));
    const notLedger = run('merge', 'master.xlsx', 'discipline.xlsx', 'notes.xlsx', '--in-place');
    expect(notLedger.code).toBe(2);
    expect(notLedger.err).toContain('在 notes.xlsx 中没有找到整改台账');
    const asMaster = run('merge', copyOf('办公室'), 'discipline.xlsx', '-o', 'x.xlsx');
    expect(asMaster.code).toBe(2);
    expect(asMaster.err).toContain('本身是一个单位的分发副本');
    const itself = run('merge', 'master.xlsx', 'master.xlsx', '--in-place');
    expect(itself.code).toBe(2);
    expect(itself.err).toContain('是总台账本身');
    expect(hash('master.xlsx')).toBe(before);
    expect(fs.existsSync(at('x.xlsx'))).toBe(false);
  });
});
