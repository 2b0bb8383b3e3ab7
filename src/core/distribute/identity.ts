/**
 * What ties a master ledger and its units' copies together: the campaign's id and the item
 * numbers (台账编号), kept in the master as defined names, and the copy's own record of where it
 * came from, on a hidden sheet of the copy (key | value rows, as the settings sheet).
 */
import type { GridValue, WorkbookGrid } from '../ledger/grid';
import { gridText } from '../ledger/grid';
import { splitSheetRef } from '../address';

export const ITEM_ID_PREFIX = 'ZG-';

/** Workbook-level names of the master: its campaign's id (text) and the last item number given. */
export const DISTRIBUTE_NAMES = {
  campaignId: 'CL_CampaignId',
  counter: 'CL_ItemCounter',
  /** The copy's record of its origin, and the master's record of the copies merged. */
  copyInfo: 'CL_CopyInfo',
  mergeState: 'CL_MergeState',
  mergeLog: 'CL_MergeLog',
} as const;

export function formatItemId(n: number): string {
  return ITEM_ID_PREFIX + String(n).padStart(4, '0');
}

/** The number of an item id (ZG-0012 → 12), or null for anything else. */
export function parseItemId(value: GridValue | undefined): number | null {
  const m = /^ZG-(\d{1,9})$/i.exec(gridText(value));
  return m ? Number(m[1]) : null;
}

/** A defined name holding a constant: `"text"` or a number. */
export function nameConstant(grid: WorkbookGrid, name: string): string | null {
  const v = grid.names[name]?.trim();
  if (!v) return null;
  const text = v.replace(/^=/, '');
  const quoted = /^"((?:[^"]|"")*)"$/.exec(text);
  return quoted ? quoted[1].replace(/""/g, '"') : text;
}

/** The sheet a defined name points to, where it names a range. */
export function sheetNamedBy(names: Record<string, string>, name: string): string | null {
  return names[name] ? (splitSheetRef(names[name])?.sheet ?? null) : null;
}

export function quotedConstant(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

export type SplitBy = 'unit' | 'owner';

/** What a unit's copy records about itself. */
export interface CopyInfo {
  campaignId: string;
  campaignName: string;
  unit: string;
  by: SplitBy;
  /** When the copy was made: YYYY-MM-DD HH:MM:SS (local time of the office's machine). */
  splitAt: string;
  /** The master's file name, for the message. */
  master: string;
  /** The ids of the items sent, so that one deleted from the copy is noticed. */
  items: string[];
  /**
   * What the copy was given (its base), by item id: each column's text as the merge compares it,
   * in the order of `columns` (the copy's headers). Null in a copy made before copies had one.
   */
  base?: CopyBase | null;
}

export interface CopyBase {
  columns: string[];
  values: Map<string, string[]>;
}

const APP = 'campaign-ledger';
const KIND = 'unit-copy';

export function copyInfoRows(info: CopyInfo): string[][] {
  return [
    ['key', 'value'],
    ['app', APP],
    ['kind', KIND],
    ['campaignId', info.campaignId],
    ['campaignName', info.campaignName],
    ['unit', info.unit],
    ['by', info.by],
    ['splitAt', info.splitAt],
    ['master', info.master],
    // The base: a row of headers, then each item's values on its own row (found by id, not by place).
    ...(info.base ? [['columns', '', ...info.base.columns]] : []),
    ...info.items.map((id) => ['item', id, ...(info.base?.values.get(id) ?? [])]),
  ];
}

/** The record read back, or null when the rows are not a copy's record. */
export function parseCopyInfo(rows: GridValue[][]): CopyInfo | null {
  const info: Partial<CopyInfo> & { items: string[] } = { items: [] };
  let app = '';
  let kind = '';
  let columns: string[] | null = null;
  const values = new Map<string, string[]>();
  for (const row of rows) {
    const key = gridText(row?.[0]);
    const value = gridText(row?.[1]);
    if (key === 'app') app = value;
    else if (key === 'kind') kind = value;
    else if (key === 'columns') columns = (row ?? []).slice(2).map((v) => gridText(v));
    else if (key === 'item') {
      info.items.push(value);
      // Texts as written (a cell a producer stored as a number reads back as its text).
      values.set(
        value,
        (row ?? []).slice(2).map((v) => gridText(v)),
      );
    } else if (key === 'by') info.by = value === 'owner' ? 'owner' : 'unit';
    else if (key === 'campaignId' || key === 'campaignName' || key === 'unit' || key === 'splitAt' || key === 'master') info[key] = value;
  }
  if (app !== APP || kind !== KIND || !info.campaignId || !info.unit) return null;
  const base = columns ? { columns, values } : null;
  return { campaignName: '', by: 'unit', splitAt: '', master: '', ...info, base } as CopyInfo;
}

/** The master's record of the copies merged: by unit, the time of the latest copy taken. */
export type MergeState = Map<string, { copyTime: string; file: string }>;

export function mergeStateRows(state: MergeState): string[][] {
  return [['unit', 'copyTime', 'file'], ...[...state].map(([unit, s]) => [unit, s.copyTime, s.file])];
}

export function parseMergeState(rows: GridValue[][]): MergeState {
  const state: MergeState = new Map();
  for (const row of rows.slice(1)) {
    const unit = gridText(row?.[0]);
    if (unit) state.set(unit, { copyTime: gridText(row?.[1]), file: gridText(row?.[2]) });
  }
  return state;
}
