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
    expectedLog.push(
      `office-libreoffice.xlsx|办公室|${office}|完成日期||2026-11-29`,
      `office-libreoffice.xlsx|办公室|${office}|备注||已建立考勤台账`,
      `personnel.xlsx|组织人事科|${p2}|备注||正在推进`,
      `publicity.xlsx|宣传科|${x2}|完成日期||2026-11-30`,
      `discipline.xlsx|纪检监察室|${j1}|备注||12月初完成`,
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
    expect(r.out).toContain(`“publicity.xlsx”:${x1} 的“问题描述”被改为“问题已不存在”`);
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
    expect((log.getRow(1).values as ExcelJS.CellValue[]).slice(1)).toEqual(['汇总时间', '文件', '单位', '台账编号', '列', '原值', '新值']);
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

  test('a copy older than one already merged is reported, not applied', async () => {
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
    expect(r.out).toContain('“discipline-old.xlsx”(纪检监察室)早于已汇总过的副本');
    expect(hash('merged.xlsx')).toBe(before);
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
