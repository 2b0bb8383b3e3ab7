/**
 * 汇总: the units' copies merged back into the master, item by item. A copy made by split updates
 * its items by number, in the columns the unit fills only; whatever else differs is reported, not
 * applied (an item of another unit, an unknown number, a locked column edited, an item deleted,
 * a copy older than one already merged). A ledger made by hand has its items appended, with
 * their source, unless the master has the same problem for the same unit already. Every change
 * goes into 汇总记录; the same copy merged twice changes nothing the second time.
 */
import { absCell, absRange, columnLetter, freeSheetName, sheetPrefix } from '../address';
import { findLedger, type FindOptions, freeColumnRightOf, type LedgerLocation } from '../ledger/find';
import { grownPrintArea, printAreaText } from '../layout/print';
import { gridText, type GridValue, type SheetGrid, type WorkbookGrid } from '../ledger/grid';
import { fieldOf, type LedgerField, normalizeHeader } from '../ledger/headers';
import { format, type Lang, strings } from '../locale';
import { type SheetSpec, valuesSheet } from '../spec';
import { cellText, isBlank, sameCell } from './cell-compare';
import { isLedgerItem, itemRows } from './footer';
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
  /** Headers an existing sheet lacks, written in its first row (a log made before it had a column). */
  headerCells?: { col: number; value: string }[];
}

/**
 * A cell a unit changed that the master changed too since the split (the office, or another copy),
 * to a different value: reported with both values, never applied.
 */
export interface MergeConflict {
  file: string;
  unit: string;
  id: string;
  /** The start of the item's 问题描述, so that a reader knows it without looking the number up. */
  item: string;
  column: string;
  /** What the copy was given, what the master holds now, what the copy says. */
  base: string;
  master: string;
  copy: string;
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
  /**
   * Items were appended above a footer: its formulas (合计's SUM over the items) are to grow over
   * the appended rows (grownTotal), in rows `footer` to the sheet's last. Null: nothing to grow.
   */
  totals: { footer: number; items: { first: number; last: number; appendedTo: number } } | null;
  /**
   * The master ledger's print area over the appended items (and 来源, where it joins the ledger's
   * block), every other block as it was (A1: `A1:G2,A4:H12`); null to leave it (nothing appended,
   * no print area, or it reaches there).
   */
  printArea: string | null;
  log: OwnSheet | null;
  state: OwnSheet | null;
  names: { name: string; formula: string }[];
  counts: { changes: number; appended: number; reported: number; conflicts: number };
  /** Cells changed in a copy and in the master alike: listed in the messages too, first among the reports. */
  conflicts: MergeConflict[];
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

/** A row of 汇总记录, by what its columns hold. */
interface LogEntry {
  time: string;
  file: string;
  unit: string;
  id: string;
  item: string;
  column: string;
  old: string;
  now: string;
}

const LOG_KEYS: (keyof LogEntry)[] = ['time', 'file', 'unit', 'id', 'item', 'column', 'old', 'now'];
const ITEM_START = 16;

/** The start of an item's text, for a log row or a report: enough to know it by. */
export function itemStart(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return [...flat].length > ITEM_START ? `${[...flat].slice(0, ITEM_START).join('')}…` : flat;
}

/**
 * The log's rows in the order of its own header (a log kept in another language, or made before
 * it had a column, keeps its columns); a column it lacks goes right of its last, header and all.
 */
function logRows(entries: LogEntry[], header: readonly GridValue[], ours: readonly string[]): Pick<OwnSheet, 'rows' | 'headerCells'> {
  const known = (['zh-CN', 'zh-TW', 'en'] as Lang[]).map((l) => strings(l).distribute.logHeaders);
  const texts = header.map((v) => gridText(v));
  let next = texts.reduce((last, t, j) => (t ? j + 1 : last), 0);
  const headerCells: { col: number; value: string }[] = [];
  const cols = LOG_KEYS.map((_, k) => {
    const at = texts.findIndex((t) => t && known.some((h) => h[k] === t));
    if (at >= 0) return at;
    headerCells.push({ col: ++next, value: ours[k] });
    return next - 1;
  });
  const width = Math.max(...cols) + 1;
  const rows = entries.map((e) => {
    const row: string[] = Array(width).fill('');
    LOG_KEYS.forEach((key, k) => (row[cols[k]] = e[key]));
    return row;
  });
  return headerCells.length ? { rows, headerCells } : { rows };
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
  // Appended items go below the last item, into the empty rows above a footer (合计, 填表人 …), never below it.
  const ends = itemRows(loc, sheet.rows, formulaCols);
  let lastRow = ends.lastItem;
  let lastSeq = 0;
  for (let r = loc.headerRow + 1; r <= sheet.rows.length; r++) {
    const cells = sheet.rows[r - 1] ?? [];
    if (!isLedgerItem(loc, cells)) continue;
    const seq = loc.columns.seq ? cells[loc.columns.seq - 1] : null;
    if (typeof seq === 'number') lastSeq = Math.max(lastSeq, seq);
    const n = idCol ? parseItemId(cells[idCol - 1]) : null;
    if (n !== null && !idRow.has(formatItemId(n))) idRow.set(formatItemId(n), r);
    duplicates.set(duplicateKey(text(r, 'problem') || text(r, 'measure'), text(r, 'unit')), n !== null ? formatItemId(n) : String(r));
  }

  const stateSheet = namedSheet(master, DISTRIBUTE_NAMES.mergeState);
  const state: MergeState = stateSheet ? parseMergeState(stateSheet.rows) : new Map();
  let stateChanged = false;
  const log: LogEntry[] = [];
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
  const logRow = (file: string, unit: string, id: string, item: string, column: string, old: string, now: string) =>
    log.push({ time: options.localTime, file, unit, id, item, column, old, now });
  const conflicts: MergeConflict[] = [];
  /** An item in words: the start of its problem (or measure), for the log and the reports. */
  const itemText = (row: number) => itemStart(text(row, 'problem') || text(row, 'measure'));

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
      // A copy that knows what it was given changes only what its unit changed, whenever it comes;
      // one made before copies had a base cannot tell, and one older than a copy merged is not taken.
      if (!info.base && before && copyTime < before.copyTime) {
        reported.push(format(d.older, { file: source.file, unit: info.unit, time: before.copyTime }));
        return null;
      }
      // The copy's columns in the master, by header; and where each one's base stands in the record.
      const toMaster = new Map<number, number>();
      const baseAt = new Map<number, number>();
      const baseColumns = (info.base?.columns ?? []).map(normalizeHeader);
      copyHeaders.forEach((v, j) => {
        const header = normalizeHeader(gridText(v));
        const m = headerCol.get(header);
        if (m === undefined || m === idCol) return;
        toMaster.set(j + 1, m);
        if (baseColumns.includes(header)) baseAt.set(j + 1, baseColumns.indexOf(header));
      });
      const byCol = loc.columns[info.by] ?? loc.columns.unit;
      const copyIdCol = copy.columns.itemId;
      const present = new Set<string>();
      let fileChanges = 0;
      const conflictsBefore = conflicts.length;
      for (let r = copy.headerRow + 1; r <= copy.sheet.rows.length; r++) {
        const cells = copy.sheet.rows[r - 1] ?? [];
        const n = copyIdCol ? parseItemId(cells[copyIdCol - 1]) : null;
        if (n === null) {
          if (isLedgerItem(copy, cells)) reported.push(format(d.noId, { file: source.file, row: r }));
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
        const base = info.base?.values.get(id);
        for (const [c, m] of toMaster) {
          const next = cells[c - 1] ?? null;
          const old = value(row, m);
          const date = dateCols.has(m);
          const given = base && baseAt.has(c) ? (base[baseAt.get(c)!] ?? '') : undefined;
          // What the unit did not change is not the unit's to apply, whatever the master says now.
          if (given !== undefined ? sameCell(next, given, date) : sameCell(next, old, date)) continue;
          const column = gridText(headers[m - 1]);
          const [was, now] = [cellText(old, date || typeof next === 'object'), cellText(next, date)];
          const item = itemText(row);
          if (!openCols.has(m)) {
            reported.push(format(d.protectedEdit, { file: source.file, id, item, column, value: now, old: was }));
            continue;
          }
          if (given !== undefined) {
            if (sameCell(old, next, date)) continue;
            // The master changed it too since the split (the office, or another copy), to something else.
            if (!sameCell(old, given, date)) {
              conflicts.push({ file: source.file, unit: info.unit, id, item, column, base: given, master: was, copy: now });
              continue;
            }
          } else if (isBlank(next)) {
            // A copy without a base cannot tell a cell its unit cleared from one filled after it was made.
            reported.push(format(d.olderBlank, { file: source.file, id, item, column, old: was }));
            continue;
          }
          write(row, m, typeof next === 'string' ? next.trim() || null : next);
          logRow(source.file, info.unit, id, item, column, was, now);
          fileChanges++;
        }
      }
      for (const id of info.items) if (!present.has(id)) reported.push(format(d.deleted, { file: source.file, id }));
      changes += fileChanges;
      const fileConflicts = conflicts.length - conflictsBefore;
      const said = fileConflicts ? d.mergedFileConflicts : fileChanges ? d.mergedFile : d.unchangedFile;
      messages.push(format(said, { file: source.file, unit: info.unit, n: fileChanges, conflicts: fileConflicts }));
      // The state keeps the latest copy that changed something: an older one merged after it does not
      // set it back, and one that changed nothing leaves the master as it was.
      if (fileChanges && (!before || copyTime > before.copyTime)) {
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
    let noRoom = 0;
    for (let r = copy.headerRow + 1; r <= copy.sheet.rows.length; r++) {
      const cells = copy.sheet.rows[r - 1] ?? [];
      if (!isLedgerItem(copy, cells)) continue;
      const at = (f: LedgerField) => (copy.columns[f] ? gridText(cells[copy.columns[f]! - 1]) : '');
      const key = duplicateKey(at('problem') || at('measure'), at('unit'));
      const existing = duplicates.get(key);
      if (existing !== undefined) {
        reported.push(format(d.duplicate, { file: source.file, row: r, id: existing }));
        continue;
      }
      if (ends.footer !== null && lastRow + 1 >= ends.footer) {
        noRoom++;
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
      logRow(source.file, at('unit'), idCol ? id : '', itemStart(at('problem') || at('measure')), d.newItem, '', at('problem') || at('measure'));
      fileAppended++;
    }
    appended += fileAppended;
    if (fileAppended) messages.push(format(d.appended, { file: source.file, n: fileAppended, source: d.source }));
    if (noRoom) {
      const footer = sheet.rows[ends.footer! - 1] ?? [];
      const label = footer.map((v) => gridText(v)).find((t) => t) ?? '';
      reported.push(format(d.noRoom, { file: source.file, n: noRoom, row: ends.footer!, label: itemStart(label), sheet: sheet.name }));
    }
    if (unmatched.length) messages.push(format(d.unmatchedColumns, { file: source.file, columns: unmatched.map((h) => `“${h}”`).join('、') }));
    return null;
  };

  const finish = (): MergePlan => {
    const writes = [...written].flatMap(([row, cols]) => [...cols].map(([col, v]) => ({ row, col, value: v }))).sort((a, b) => a.row - b.row || a.col - b.col);
    const logSheet = namedSheet(master, DISTRIBUTE_NAMES.mergeLog);
    const logPlan: OwnSheet | null = log.length
      ? logSheet
        ? { name: logSheet.name, exists: true, firstRow: lastFilledRow(logSheet.rows) + 1, ...logRows(log, logSheet.rows[0] ?? [], d.logHeaders) }
        : {
            name: freeSheetName(d.logSheet, taken(master)),
            exists: false,
            firstRow: 1,
            rows: [[...d.logHeaders], ...logRows(log, d.logHeaders, d.logHeaders).rows],
          }
      : null;
    const statePlan: OwnSheet | null = stateChanged
      ? { name: stateSheet?.name ?? freeSheetName(d.stateSheet, taken(master)), exists: !!stateSheet, firstRow: 1, rows: mergeStateRows(state) }
      : null;
    const names = [
      ...(counter !== counterBefore ? [{ name: DISTRIBUTE_NAMES.counter, formula: String(counter) }] : []),
      ...(logPlan && !logPlan.exists ? [{ name: DISTRIBUTE_NAMES.mergeLog, formula: sheetPrefix(logPlan.name) + absCell(1, 1) }] : []),
      ...(statePlan ? [{ name: DISTRIBUTE_NAMES.mergeState, formula: sheetPrefix(statePlan.name) + absRange(1, 1, statePlan.rows.length, 3) }] : []),
    ];
    const counts = { changes, appended, reported: reported.length + conflicts.length, conflicts: conflicts.length };
    const changed = writes.length > 0 || stateChanged;
    // Every report counts, conflicts first; a long list is cut, so that 10,000 likely duplicates do not bury the summary.
    const reports = [
      ...conflicts.map((c) => format(d.conflict, { ...c, base: c.base || d.empty, master: c.master || d.empty, copy: c.copy || d.empty })),
      ...reported,
    ];
    const lines = [...messages, ...reports.slice(0, REPORT_LIMIT)];
    if (reports.length > REPORT_LIMIT) lines.push(format(d.moreReported, { n: reports.length - REPORT_LIMIT }));
    if (logPlan) lines.push(format(d.logged, { sheet: logPlan.name }));
    if (conflicts.length) lines.push(format(d.conflicts, { n: conflicts.length }));
    lines.push(changed ? format(d.total, counts) : d.nothingChanged);
    if (newColumns.length) lines.splice(0, 0, format(d.idColumnAdded, { header: d.source, col: columnLetter(newColumns[0].col) }));
    const area = master.printAreas?.[loc.sheet.name];
    const printBlocks =
      appended && area
        ? grownPrintArea(area, {
            headerRow: loc.headerRow,
            lastColumn: loc.lastColumn,
            toColumn: Math.max(loc.lastColumn, ...newColumns.map((c) => c.col)),
            toRow: lastAppendedRow,
          })
        : null;
    return {
      ledger: loc,
      writes,
      newColumns,
      headerStyleFrom: { row: loc.headerRow, col: loc.lastColumn },
      lastAppendedRow,
      totals:
        lastAppendedRow && ends.footer !== null
          ? { footer: ends.footer, items: { first: loc.headerRow + 1, last: ends.lastItem, appendedTo: lastAppendedRow } }
          : null,
      printArea: printBlocks ? printAreaText(printBlocks) : null,
      log: logPlan,
      state: statePlan,
      names,
      counts,
      conflicts,
      messages: lines,
      changed,
    };
  };
  return { add, finish };
}

const LOG_WIDTHS = [17, 24, 14, 10, 24, 14, 24, 24];
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
    styles: log ? [{ range: 'A1:H1', style: { bold: true } }] : [],
    ...(log ? { freeze: { rows: 1, columns: 0 } } : {}),
  });
}
