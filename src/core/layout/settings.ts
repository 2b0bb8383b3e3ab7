/**
 * A hidden sheet where the workbook records what the add-in and the command line need later
 * (which sheet is the ledger, the campaign's settings), so the file carries its own state.
 */
import { absRange, sheetPrefix } from '../address';
import { LEDGER_COLUMN_KEYS } from '../locale';
import { SETTINGS_SCHEMA_VERSION, settingsRows } from '../settings';
import { type NameSpec, type SheetSpec, valuesSheet } from '../spec';
import { cleanCellText } from '../text';
import type { LayoutContext } from './context';
import { ledgerHelperColumns } from './ledger';

export { SETTINGS_SCHEMA_VERSION } from '../settings';
export { LEDGER_HEADER_NAME, SETTINGS_NAME } from './context';

export function layoutSettings(ctx: LayoutContext): { sheet: SheetSpec; names: NameSpec[] } {
  const c = ctx.campaign;
  const rows = settingsRows({
    app: 'campaign-ledger',
    schemaVersion: SETTINGS_SCHEMA_VERSION,
    campaignName: cleanCellText(c.name),
    template: c.templateId ?? '',
    lang: c.lang,
    start: c.start,
    end: c.end,
    ledgerSheet: ctx.sheetNames.ledger,
    ledgerTable: ctx.objectNames.ledgerTable,
    ledgerHeaderName: ctx.objectNames.ledgerHeader,
    ledgerHeaderRow: ctx.ledger.headerRow,
    ledgerColumns: LEDGER_COLUMN_KEYS.join(','),
    scheduleSheet: ctx.sheetNames.schedule,
    groupSheet: ctx.sheetNames.group,
    dashboardSheet: ctx.sheetNames.dashboard,
    asOfName: ctx.names.asOf,
    dueSoonName: ctx.names.dueSoonDays,
  });
  const sheet: SheetSpec = valuesSheet({
    key: 'settings',
    name: ctx.sheetNames.settings,
    hidden: true,
    columns: [{ width: 18 }, { width: 30 }],
    blocks: [{ row: 1, col: 1, values: rows }],
    styles: [{ range: 'A1:B1', style: { bold: true } }],
  });
  // The ledger's whole header row, its hidden helper columns too: the Office.js flag reads the columns
  // right of it as its own (src/excel/flag.ts), so they must start after the helpers.
  const headerColumns = LEDGER_COLUMN_KEYS.length + ledgerHelperColumns(ctx).length;
  const names: NameSpec[] = [
    {
      name: ctx.objectNames.ledgerHeader,
      ref: sheetPrefix(ctx.sheetNames.ledger) + absRange(ctx.ledger.headerRow, 1, ctx.ledger.headerRow, headerColumns),
    },
    { name: ctx.objectNames.settings, ref: sheetPrefix(ctx.sheetNames.settings) + absRange(1, 1, rows.length, 2) },
  ];
  return { sheet, names };
}
