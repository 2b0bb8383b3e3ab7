/**
 * 分发: the ledger split into one workbook per unit. First every item gets its number (台账编号),
 * in a column added right of the ledger when it has none; numbers already given stay with their
 * items, wherever rows were moved, and a number is never given twice (the master keeps the last
 * one given). Then each unit's items go into a copy of their own (copy-layout.ts).
 */
import { columnLetter } from '../address';
import { ledgerClock } from '../flag/plan';
import { findLedger, type FindOptions, freeColumnRightOf, type LedgerLocation } from '../ledger/find';
import { gridText, type GridValue, type WorkbookGrid } from '../ledger/grid';
import { fieldOf, OWNED_FIELDS } from '../ledger/headers';
import { isHelperHeader } from '../helper-columns';
import { format, type Lang, LEDGER_COLUMN_KEYS, strings } from '../locale';
import { ledgerDateYear, statusColumnsOf } from '../status-columns';
import type { WorkbookSpec } from '../spec';
import { cleanCellText } from '../text';
import { cellText } from './cell-compare';
import { isLedgerItem } from './footer';
import { type CopyColumn, layoutUnitCopy, UNIT_FIELDS } from './copy-layout';
import { DISTRIBUTE_NAMES, formatItemId, nameConstant, parseCopyInfo, parseItemId, quotedConstant, type SplitBy } from './identity';

export interface SplitOptions extends FindOptions {
  by?: SplitBy;
  lang?: Lang;
  /** The moment of the split, in UTC (YYYY-MM-DDTHH:MM:SSZ): what a copy's age is measured from. */
  now: string;
  /** The day of the split where the office is, as the copies tell it. */
  today: string;
  /** A new campaign id, for a master that has none yet. */
  newCampaignId: () => string;
  /** The master's file name (or workbook name), for the copies' record and title. */
  masterName: string;
  /** The master's dropdowns: by ledger column, the entries of the list on its first item's cell. */
  dropdowns?: Record<number, string[]>;
}

export type SplitProblem = { kind: 'noLedger' } | { kind: 'notAMaster' };

export interface UnitCopy {
  unit: string;
  fileName: string;
  items: number;
  spec: WorkbookSpec;
}

export interface SplitPlan {
  ledger: LedgerLocation;
  by: SplitBy;
  /** What the master gets: the number column (its header when new), the numbers not given yet, the names. */
  idColumn: { col: number; header: string | null };
  ids: { row: number; id: string }[];
  names: { name: string; formula: string }[];
  headerStyleFrom: { row: number; col: number };
  copies: UnitCopy[];
  messages: string[];
}

export function isSplitProblem(x: SplitPlan | SplitProblem): x is SplitProblem {
  return !('ledger' in x);
}

/** UTF-8 bytes of a text (a name's length as file systems count it). */
function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** The most bytes of a copy's file name: 255, less what its temporary file beside it adds (`.NAME.PID.tmp`). */
export const FILE_NAME_BYTES = 255 - 2 - 10 - 4;

/** `base` cut by whole characters so that `base + suffix` fits FILE_NAME_BYTES. */
function fitted(base: string, suffix: string): string {
  let out = '';
  let bytes = utf8Length(suffix);
  for (const ch of base) {
    bytes += utf8Length(ch);
    if (bytes > FILE_NAME_BYTES) break;
    out += ch;
  }
  return out.trim() + suffix;
}

/**
 * A file name for a unit: characters no file system takes replaced, at most 80 characters of the
 * unit, within FILE_NAME_BYTES (cut between characters, never inside one), distinct from the
 * others regardless of case.
 */
function fileNameFor(prefix: string, unit: string, taken: Set<string>): string {
  const clean = Array.from(
    unit
      .replace(/[\\/:*?"<>|\u0000-\u001F\uFFFE\uFFFF]/g, '_')
      .replace(/\s+/g, ' ')
      .trim(),
  )
    .slice(0, 80)
    .join('');
  const base = `${prefix}-${clean}`;
  let name = fitted(base, '.xlsx');
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = fitted(base, ` (${n}).xlsx`);
  taken.add(name.toLowerCase());
  return name;
}

/** Columns a copy does not carry: the number (carried first), the flag's, and status formulas (the copy has its own). */
export function formulaColumns(grid: WorkbookGrid, loc: LedgerLocation): Set<number> {
  const skip = new Set<number>();
  const headers = loc.sheet.rows[loc.headerRow - 1] ?? [];
  headers.forEach((v, j) => {
    const field = fieldOf(gridText(v));
    // The helper columns beside the status formulas (ours, hidden) are not the ledger's either.
    if ((field && (OWNED_FIELDS as readonly string[]).includes(field)) || isHelperHeader(gridText(v))) skip.add(j + 1);
  });
  if (loc.madeByUs) {
    skip.add(LEDGER_COLUMN_KEYS.indexOf('status') + 1);
    skip.add(LEDGER_COLUMN_KEYS.indexOf('remaining') + 1);
  }
  const added = statusColumnsOf(grid, loc);
  if (added) skip.add(added.status).add(added.remaining);
  return skip;
}

/** The title above a ledger's header (its first text), else the file's name: what the campaign is called. */
export function campaignNameOf(loc: LedgerLocation, fallback: string): string {
  for (let r = 1; r < loc.headerRow; r++) {
    const text = (loc.sheet.rows[r - 1] ?? []).map(gridText).find((t) => t);
    // 某局整改台账, 示例活动 · 整改台账: the campaign is what comes before the ledger's own name.
    const name = text?.replace(/[\s·•:：—-]*(?:问题)?(?:整改)?(?:工作)?(?:台账|台帐|臺帳|清单|清單|(?:rectification\s+)?ledger)$/i, '').trim();
    if (name) return name.slice(0, 100);
  }
  return fallback.replace(/\.xls[xm]$/i, '');
}

export function planSplit(grid: WorkbookGrid, options: SplitOptions): SplitPlan | SplitProblem {
  const info = grid.sheets.find((sh) => sh.hidden && parseCopyInfo(sh.rows));
  if (info) return { kind: 'notAMaster' };
  const loc = findLedger(grid, options);
  if (!loc) return { kind: 'noLedger' };
  const lang = options.lang ?? 'zh-CN';
  const s = strings(lang);
  const d = s.distribute;
  const by: SplitBy = options.by ?? 'unit';
  const sheet = loc.sheet;
  const headers = sheet.rows[loc.headerRow - 1] ?? [];
  const byCol = loc.columns[by] ?? loc.columns.unit ?? loc.columns.owner!;
  const byHeader = gridText(headers[byCol - 1]);

  // Numbers: kept where given (and unique), new ones after the highest ever given.
  const idCol = loc.columns.itemId ?? null;
  const rows: number[] = [];
  for (let r = loc.headerRow + 1; r <= sheet.rows.length; r++) if (isLedgerItem(loc, sheet.rows[r - 1] ?? [])) rows.push(r);
  const seen = new Set<number>();
  const given = new Map<number, string>();
  let counter = Number(nameConstant(grid, DISTRIBUTE_NAMES.counter)) || 0;
  if (idCol) {
    for (const r of rows) {
      const n = parseItemId(sheet.rows[r - 1]?.[idCol - 1]);
      if (n === null || seen.has(n)) continue;
      seen.add(n);
      given.set(r, formatItemId(n));
      counter = Math.max(counter, n);
    }
  }
  const ids: { row: number; id: string }[] = [];
  for (const r of rows) {
    if (given.has(r)) continue;
    const id = formatItemId(++counter);
    given.set(r, id);
    ids.push({ row: r, id });
  }
  const col = idCol ?? (freeColumnRightOf(loc) - 2 === loc.lastColumn ? loc.lastColumn + 1 : freeColumnRightOf(loc));
  const existingId = nameConstant(grid, DISTRIBUTE_NAMES.campaignId);
  const campaignId = existingId || options.newCampaignId();
  const names = [
    ...(existingId ? [] : [{ name: DISTRIBUTE_NAMES.campaignId, formula: quotedConstant(campaignId) }]),
    ...(ids.length ? [{ name: DISTRIBUTE_NAMES.counter, formula: String(counter) }] : []),
  ];

  // The copies' columns: the master's, in its order, but for the number (first in a copy) and formula columns.
  const skip = formulaColumns(grid, loc);
  if (idCol) skip.add(idCol);
  const kept: { col: number; column: CopyColumn }[] = [];
  for (let c = 1; c <= loc.lastColumn; c++) {
    const header = gridText(headers[c - 1]);
    if (!header || skip.has(c)) continue;
    const field = fieldOf(header);
    kept.push({
      col: c,
      column: {
        header,
        field,
        open: field !== null && UNIT_FIELDS.includes(field),
        date: field === 'deadline' || field === 'completed' || field === 'signedOff',
        ...(options.dropdowns?.[c]?.length ? { list: options.dropdowns[c] } : {}),
      },
    });
  }

  const byUnit = new Map<string, { id: string; values: GridValue[] }[]>();
  const unassigned: number[] = [];
  for (const r of rows) {
    const cells = sheet.rows[r - 1] ?? [];
    const unit = gridText(cells[byCol - 1]);
    if (!unit) {
      unassigned.push(r);
      continue;
    }
    if (!byUnit.has(unit)) byUnit.set(unit, []);
    byUnit.get(unit)!.push({ id: given.get(r)!, values: kept.map((k) => cells[k.col - 1] ?? null) });
  }
  const campaignName = campaignNameOf(loc, options.masterName);
  // The copies read 12月1日 in the master's year, whenever they are opened.
  const dateYear = ledgerDateYear(grid, loc, options.today);
  // The copies count their statuses as the master does: its as-of date (or its =TODAY()) and window.
  const clock = ledgerClock(grid, loc);
  const taken = new Set<string>();
  const copies: UnitCopy[] = [...byUnit].map(([unit, items]) => ({
    unit,
    fileName: fileNameFor(d.filePrefix, unit, taken),
    items: items.length,
    spec: layoutUnitCopy({
      lang,
      info: {
        campaignId,
        campaignName,
        unit,
        by,
        splitAt: options.now,
        master: options.masterName,
        items: items.map((i) => i.id),
        // The base: what the unit is given, by item id, so that the merge applies only what it changed.
        base: {
          columns: kept.map((k) => k.column.header),
          values: new Map(items.map((i) => [i.id, i.values.map((v, j) => cellText(typeof v === 'string' ? cleanCellText(v) : v, kept[j].column.date))])),
        },
      },
      date: options.today,
      clock,
      ledgerSheet: sheet.name,
      columns: kept.map((k) => k.column),
      items,
      dateYear,
    }),
  }));

  const messages: string[] = [];
  if (ids.length) messages.push(format(d.numbered, { sheet: sheet.name, n: ids.length }));
  if (!idCol && ids.length) messages.push(format(d.idColumnAdded, { header: d.itemId, col: columnLetter(col) }));
  if (!rows.length) messages.push(format(d.noItems, { sheet: sheet.name }));
  else {
    messages.push(format(d.split, { by: byHeader, n: copies.length, items: rows.length - unassigned.length }));
    for (const c of copies) messages.push(format(d.splitUnit, { file: c.fileName, n: c.items }));
    if (copies.length) messages.push(clock.asOf ? format(d.copiesAsOf, { asOf: clock.asOf }) : d.copiesToday);
  }
  if (unassigned.length) messages.push(format(d.noUnit, { n: unassigned.length, by: byHeader, rows: listRows(unassigned) }));
  return {
    ledger: loc,
    by,
    idColumn: { col, header: idCol ? null : d.itemId },
    ids,
    names,
    headerStyleFrom: { row: loc.headerRow, col: loc.lastColumn },
    copies,
    messages,
  };
}

/** Row numbers for a message: the first ten, then how many more. */
export function listRows(rows: number[]): string {
  return rows.length > 10 ? `${rows.slice(0, 10).join(', ')} … (+${rows.length - 10})` : rows.join(', ');
}
