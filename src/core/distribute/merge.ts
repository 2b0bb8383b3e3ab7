/**
 * 汇总: the units' copies merged back into the master, item by item. A copy made by split updates
 * its items by number, in the columns the unit fills only; whatever else differs is reported, not
 * applied (an item of another unit, an unknown number, a locked column edited, an item deleted,
 * a copy older than one already merged). A ledger made by hand has its items appended, with
 * their source, unless the master has the same problem for the same unit already. Every change
 * goes into 汇总记录; the same copy merged twice changes nothing the second time.
 */
import { fromExcelSerial } from '../dates';
import { absCell, absRange, columnLetter, freeSheetName, sheetPrefix } from '../address';
import { isItemRow } from '../flag/compute';
import { findLedger, type FindOptions, freeColumnRightOf, type LedgerLocation } from '../ledger/find';
import { gridText, type GridValue, type SheetGrid, type WorkbookGrid } from '../ledger/grid';
import { fieldOf, type LedgerField, normalizeHeader } from '../ledger/headers';
import { format, type Lang, strings } from '../locale';
import { type SheetSpec, valuesSheet } from '../spec';
import { UNIT_FIELDS } from './copy-layout';
import {
  type CopyInfo,
  DISTRIBUTE_NAMES,
  formatItemId,
  type MergeState,
  mergeStateRows,
  nameConstant,
  parseCopyInfo,
  parseItemId,
  parseMergeState,
  sheetNamedBy,
} from './identity';
import { formulaColumns } from './split';

export interface MergeSource {
  /** The file's name, as the log and the messages give it. */
  file: string;
  /** When the file was last saved (its core properties), in UTC (YYYY-MM-DDTHH:MM:SSZ), where it says. */
  savedAt: string | null;
  /** The copy, its ledger's rows complete (and its record's, where it has one). */
  grid: WorkbookGrid;
}

export interface MergeOptions extends FindOptions {
  lang?: Lang;
  /** The time of the merge where the office is (YYYY-MM-DD HH:MM), as the log gives it. */
  localTime: string;
}

export type MergeProblem =
  { kind: 'noLedger'; file?: string } | { kind: 'notAMaster' } | { kind: 'masterWithoutIds' } | { kind: 'anotherCampaign'; file: string; campaign: string };

/** A sheet the merge keeps (汇总记录, the hidden state): its name, whether it exists, and what to write. */
export interface OwnSheet {
  name: string;
  exists: boolean;
  /** The first row written (1 for a new sheet, which gets its header too). */
  firstRow: number;
  rows: string[][];
}

export interface MergePlan {
  ledger: LedgerLocation;
  /** Cells of the master's ledger, in row and column order. */
  writes: { row: number; col: number; value: GridValue }[];
  /** Columns the master gets (来源, when items are appended and it has none). */
  newColumns: { col: number; header: string }[];
  headerStyleFrom: { row: number; col: number };
  /** The last row an appended item takes (0: none appended), whose look the rows above give. */
  lastAppendedRow: number;
  log: OwnSheet | null;
  state: OwnSheet | null;
  names: { name: string; formula: string }[];
  counts: { changes: number; appended: number; reported: number };
  messages: string[];
  changed: boolean;
}

export function isMergeProblem(x: MergePlan | MergeProblem): x is MergeProblem {
  return !('ledger' in x);
}

/** Reports listed one by one at the most; the rest are counted. */
export const REPORT_LIMIT = 30;

/** A copy's record, wherever the copy keeps it (a sheet holding the key | value rows). */
export function copyInfoOf(grid: WorkbookGrid): CopyInfo | null {
  for (const sheet of grid.sheets) {
    const info = parseCopyInfo(sheet.rows);
    if (info) return info;
  }
  return null;
}

/**
 * A date as the file reader gives it ({date}) and as Excel gives it (its serial) are one value;
 * `date`: the column holds dates, so a serial reads as its day.
 */
function valueText(v: GridValue | undefined, date: boolean): string {
  // Serials before 1900-03-01 are not taken for dates (as the file reader does): 1 is no day at all.
  if (date && typeof v === 'number' && Number.isInteger(v) && v >= 61 && v < 2958466) return fromExcelSerial(v);
  return gridText(v);
}

function sameValue(a: GridValue | undefined, b: GridValue | undefined, date: boolean): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  const dated = date || (typeof a === 'object' && a !== null) || (typeof b === 'object' && b !== null);
  return valueText(a, dated) === valueText(b, dated);
}

/** The sheet a name points to, if it exists. */
function namedSheet(grid: WorkbookGrid, name: string): SheetGrid | null {
  const sheet = sheetNamedBy(grid.names, name);
  return grid.sheets.find((sh) => sh.name === sheet) ?? null;
}

function taken(grid: WorkbookGrid): Set<string> {
  return new Set(grid.sheets.map((sh) => sh.name.toLowerCase()));
}

function lastFilledRow(rows: GridValue[][]): number {
  for (let r = rows.length; r > 0; r--) if ((rows[r - 1] ?? []).some((v) => gridText(v))) return r;
  return 0;
}

/** The key of a likely duplicate: the problem (or the measure) and the unit, without spaces. */
function duplicateKey(problem: string, unit: string): string {
  return `${problem.replace(/\s+/g, '')}\u0000${unit.replace(/\s+/g, '')}`;
}

/** A merge under way: copies are added one at a time (only the changes stay in memory), then the plan is made. */
export interface Merger {
  /** Merges one copy into the plan; a refusal refuses the whole merge (nothing is to be written). */
  add(source: MergeSource): MergeProblem | null;
  finish(): MergePlan;
}

export function planMerge(master: WorkbookGrid, sources: MergeSource[], options: MergeOptions): MergePlan | MergeProblem {
  const merger = startMerge(master, options);
  if ('kind' in merger) return merger;
  for (const source of sources) {
    const problem = merger.add(source);
    if (problem) return problem;
  }
  return merger.finish();
}

export function startMerge(master: WorkbookGrid, options: MergeOptions): Merger | MergeProblem {
  if (copyInfoOf(master)) return { kind: 'notAMaster' };
  const loc = findLedger(master, options);
  if (!loc) return { kind: 'noLedger' };
  const campaignId = nameConstant(master, DISTRIBUTE_NAMES.campaignId);

  const s = strings(options.lang ?? 'zh-CN');
  const d = s.distribute;
  const sheet = loc.sheet;
  const headers = sheet.rows[loc.headerRow - 1] ?? [];
  const idCol = loc.columns.itemId;
  const formulaCols = formulaColumns(master, loc);
  const headerCol = new Map<string, number>();
  const fieldCol = new Map<LedgerField, number>();
  headers.forEach((v, j) => {
    const h = normalizeHeader(gridText(v));
    if (!h || formulaCols.has(j + 1)) return;
    if (!headerCol.has(h)) headerCol.set(h, j + 1);
    const f = fieldOf(gridText(v));
    if (f && !fieldCol.has(f)) fieldCol.set(f, j + 1);
  });
  const dateCols = new Set((['deadline', 'completed', 'signedOff'] as LedgerField[]).flatMap((f) => (fieldCol.has(f) ? [fieldCol.get(f)!] : [])));
  const openCols = new Set([...fieldCol].filter(([f]) => UNIT_FIELDS.includes(f)).map(([, c]) => c));

  // The master as the merge goes: what it held, overlaid by what this merge wrote.
  const written = new Map<number, Map<number, GridValue>>();
  const value = (row: number, col: number): GridValue => written.get(row)?.get(col) ?? sheet.rows[row - 1]?.[col - 1] ?? null;
  const write = (row: number, col: number, v: GridValue) => {
    if (!written.has(row)) written.set(row, new Map());
    written.get(row)!.set(col, v);
  };
  const idRow = new Map<string, number>();
  const duplicates = new Map<string, string>();
  const text = (row: number, f: LedgerField) => (loc.columns[f] ? gridText(value(row, loc.columns[f]!)) : '');
  let lastRow = loc.headerRow;
  let lastSeq = 0;
  for (let r = loc.headerRow + 1; r <= sheet.rows.length; r++) {
    const cells = sheet.rows[r - 1] ?? [];
    if (cells.some((v, j) => !formulaCols.has(j + 1) && gridText(v))) lastRow = r;
    if (!isItemRow(loc, cells)) continue;
    const seq = loc.columns.seq ? cells[loc.columns.seq - 1] : null;
    if (typeof seq === 'number') lastSeq = Math.max(lastSeq, seq);
    const n = idCol ? parseItemId(cells[idCol - 1]) : null;
    if (n !== null && !idRow.has(formatItemId(n))) idRow.set(formatItemId(n), r);
    duplicates.set(duplicateKey(text(r, 'problem') || text(r, 'measure'), text(r, 'unit')), n !== null ? formatItemId(n) : String(r));
  }

  const stateSheet = namedSheet(master, DISTRIBUTE_NAMES.mergeState);
  const state: MergeState = stateSheet ? parseMergeState(stateSheet.rows) : new Map();
  let stateChanged = false;
  const log: string[][] = [];
  const messages: string[] = [];
  const reported: string[] = [];
  let changes = 0;
  let appended = 0;
  let counter = Number(nameConstant(master, DISTRIBUTE_NAMES.counter)) || 0;
  for (const id of idRow.keys()) counter = Math.max(counter, parseItemId(id) ?? 0);
  const counterBefore = counter;
  let sourceCol = loc.columns.source ?? 0;
  const newColumns: { col: number; header: string }[] = [];
  let lastAppendedRow = 0;
  const logRow = (file: string, unit: string, id: string, column: string, old: string, now: string) =>
    log.push([options.localTime, file, unit, id, column, old, now]);

  const add = (source: MergeSource): MergeProblem | null => {
    const copy = findLedger(source.grid);
    const info = copyInfoOf(source.grid);
    if (!copy) return { kind: 'noLedger', file: source.file };
    if (info && !campaignId) return { kind: 'masterWithoutIds' };
    if (info && info.campaignId !== campaignId) return { kind: 'anotherCampaign', file: source.file, campaign: info.campaignName };
    const copyHeaders = copy.sheet.rows[copy.headerRow - 1] ?? [];
    if (info) {
      const copyTime = [info.splitAt, source.savedAt ?? ''].sort().pop()!;
      const before = state.get(info.unit);
      if (before && copyTime < before.copyTime) {
        reported.push(format(d.older, { file: source.file, unit: info.unit, time: before.copyTime }));
        return null;
      }
      // The copy's columns in the master, by header.
      const toMaster = new Map<number, number>();
      copyHeaders.forEach((v, j) => {
        const m = headerCol.get(normalizeHeader(gridText(v)));
        if (m !== undefined && m !== idCol) toMaster.set(j + 1, m);
      });
      const byCol = loc.columns[info.by] ?? loc.columns.unit;
      const copyIdCol = copy.columns.itemId;
      const present = new Set<string>();
      let fileChanges = 0;
      for (let r = copy.headerRow + 1; r <= copy.sheet.rows.length; r++) {
        const cells = copy.sheet.rows[r - 1] ?? [];
        const n = copyIdCol ? parseItemId(cells[copyIdCol - 1]) : null;
        if (n === null) {
          if (isItemRow(copy, cells)) reported.push(format(d.noId, { file: source.file, row: r }));
          continue;
        }
        const id = formatItemId(n);
        present.add(id);
        const row = idRow.get(id);
        if (row === undefined) {
          reported.push(format(d.unknownId, { file: source.file, id }));
          continue;
        }
        const owner = byCol ? gridText(value(row, byCol)) : '';
        if (owner !== info.unit) {
          reported.push(format(d.otherUnit, { file: source.file, id, owner, unit: info.unit }));
          continue;
        }
        for (const [c, m] of toMaster) {
          const next = cells[c - 1] ?? null;
          const old = value(row, m);
          const date = dateCols.has(m);
          if (sameValue(next, old, date)) continue;
          const column = gridText(headers[m - 1]);
          const [was, now] = [valueText(old, date || typeof next === 'object'), valueText(next, date)];
          if (!openCols.has(m)) {
            reported.push(format(d.protectedEdit, { file: source.file, id, column, value: now, old: was }));
            continue;
          }
          write(row, m, typeof next === 'string' ? next.trim() || null : next);
          logRow(source.file, info.unit, id, column, was, now);
          fileChanges++;
        }
      }
      for (const id of info.items) if (!present.has(id)) reported.push(format(d.deleted, { file: source.file, id }));
      changes += fileChanges;
      messages.push(format(fileChanges ? d.mergedFile : d.unchangedFile, { file: source.file, unit: info.unit, n: fileChanges }));
      if (!before || before.copyTime !== copyTime || before.file !== source.file) {
        state.set(info.unit, { copyTime, file: source.file });
        stateChanged = true;
      }
      return null;
    }

    // A ledger made by hand: its items appended, by field, else by header, with their source.
    const toMaster = new Map<number, number>();
    const unmatched: string[] = [];
    copyHeaders.forEach((v, j) => {
      const h = gridText(v);
      if (!h) return;
      const f = fieldOf(h);
      const m = (f && f !== 'itemId' && f !== 'source' ? fieldCol.get(f) : undefined) ?? headerCol.get(normalizeHeader(h));
      if (m !== undefined && m !== idCol && m !== sourceCol && m !== loc.columns.seq) toMaster.set(j + 1, m);
      else if (f !== 'seq') unmatched.push(h);
    });
    let fileAppended = 0;
    for (let r = copy.headerRow + 1; r <= copy.sheet.rows.length; r++) {
      const cells = copy.sheet.rows[r - 1] ?? [];
      if (!isItemRow(copy, cells)) continue;
      const at = (f: LedgerField) => (copy.columns[f] ? gridText(cells[copy.columns[f]! - 1]) : '');
      const key = duplicateKey(at('problem') || at('measure'), at('unit'));
      const existing = duplicates.get(key);
      if (existing !== undefined) {
        reported.push(format(d.duplicate, { file: source.file, row: r, id: existing }));
        continue;
      }
      if (!sourceCol) {
        sourceCol = Math.max(freeColumnRightOf(loc) - 1, (idCol ?? 0) + 1);
        newColumns.push({ col: sourceCol, header: d.source });
      }
      const row = ++lastRow;
      for (const [c, m] of toMaster) {
        const v = cells[c - 1] ?? null;
        if (gridText(v)) write(row, m, v);
      }
      // A 序号 continues the master's count, not the copy's.
      if (loc.columns.seq) write(row, loc.columns.seq, ++lastSeq);
      const id = idCol ? formatItemId(++counter) : String(row);
      if (idCol) write(row, idCol, id);
      write(row, sourceCol, format(d.sourceText, { file: source.file, sheet: copy.sheet.name, row: r }));
      duplicates.set(key, id);
      lastAppendedRow = row;
      logRow(source.file, at('unit'), idCol ? id : '', d.newItem, '', at('problem') || at('measure'));
      fileAppended++;
    }
    appended += fileAppended;
    if (fileAppended) messages.push(format(d.appended, { file: source.file, n: fileAppended, source: d.source }));
    if (unmatched.length) messages.push(format(d.unmatchedColumns, { file: source.file, columns: unmatched.map((h) => `“${h}”`).join('、') }));
    return null;
  };

  const finish = (): MergePlan => {
    const writes = [...written].flatMap(([row, cols]) => [...cols].map(([col, v]) => ({ row, col, value: v }))).sort((a, b) => a.row - b.row || a.col - b.col);
    const logSheet = namedSheet(master, DISTRIBUTE_NAMES.mergeLog);
    const logPlan: OwnSheet | null = log.length
      ? logSheet
        ? { name: logSheet.name, exists: true, firstRow: lastFilledRow(logSheet.rows) + 1, rows: log }
        : { name: freeSheetName(d.logSheet, taken(master)), exists: false, firstRow: 1, rows: [[...d.logHeaders], ...log] }
      : null;
    const statePlan: OwnSheet | null = stateChanged
      ? { name: stateSheet?.name ?? freeSheetName(d.stateSheet, taken(master)), exists: !!stateSheet, firstRow: 1, rows: mergeStateRows(state) }
      : null;
    const names = [
      ...(counter !== counterBefore ? [{ name: DISTRIBUTE_NAMES.counter, formula: String(counter) }] : []),
      ...(logPlan && !logPlan.exists ? [{ name: DISTRIBUTE_NAMES.mergeLog, formula: sheetPrefix(logPlan.name) + absCell(1, 1) }] : []),
      ...(statePlan ? [{ name: DISTRIBUTE_NAMES.mergeState, formula: sheetPrefix(statePlan.name) + absRange(1, 1, statePlan.rows.length, 3) }] : []),
    ];
    const counts = { changes, appended, reported: reported.length };
    const changed = writes.length > 0 || stateChanged;
    // Every report counts; a long list is cut, so that 10,000 likely duplicates do not bury the summary.
    const lines = [...messages, ...reported.slice(0, REPORT_LIMIT)];
    if (reported.length > REPORT_LIMIT) lines.push(format(d.moreReported, { n: reported.length - REPORT_LIMIT }));
    if (logPlan) lines.push(format(d.logged, { sheet: logPlan.name }));
    lines.push(changed ? format(d.total, counts) : d.nothingChanged);
    if (newColumns.length) lines.splice(0, 0, format(d.idColumnAdded, { header: d.source, col: columnLetter(newColumns[0].col) }));
    return {
      ledger: loc,
      writes,
      newColumns,
      headerStyleFrom: { row: loc.headerRow, col: loc.lastColumn },
      lastAppendedRow,
      log: logPlan,
      state: statePlan,
      names,
      counts,
      messages: lines,
      changed,
    };
  };
  return { add, finish };
}

const LOG_WIDTHS = [17, 24, 14, 10, 14, 24, 24];
const STATE_WIDTHS = [16, 22, 30];

/** 汇总记录 (visible, its header bold and frozen) or the hidden state, as a new sheet. */
export function mergeSheetSpec(own: OwnSheet, kind: 'log' | 'state'): SheetSpec {
  const log = kind === 'log';
  return valuesSheet({
    key: log ? 'mergeLog' : 'mergeState',
    name: own.name,
    hidden: !log,
    columns: (log ? LOG_WIDTHS : STATE_WIDTHS).map((width) => ({ width })),
    blocks: [{ row: 1, col: 1, values: own.rows }],
    styles: log ? [{ range: 'A1:G1', style: { bold: true } }] : [],
    ...(log ? { freeze: { rows: 1, columns: 0 } } : {}),
  });
}
