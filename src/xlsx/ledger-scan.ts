/** The whole of a ledger's sheet read into the grid its top rows came from, for the actions on files. */
import type { LedgerLocation, WorkbookGrid } from '../core/ledger';
import { LIMITS } from './package/limits';
import type { XlsxPackage } from './package/package';
import type { ScanOptions, SheetScan } from './package/sheet-scan';

/**
 * Scans the ledger's sheet (within the row limit, finding the last value right of the header row's
 * cells) and makes the scan's rows the sheet's rows in `grid`: one copy in memory, the top rows
 * keeping every column they were read with.
 */
export function scanLedger(pkg: XlsxPackage, grid: WorkbookGrid, loc: LedgerLocation, options: ScanOptions): SheetScan {
  const sheet = grid.sheets.find((s) => s.name === loc.sheet.name)!;
  const scan = pkg.scan(sheet.name, { rowLimit: LIMITS.ledgerRows, valuesFromRow: loc.headerRow + 1, ...options });
  sheet.rows.forEach((row, i) => {
    const into = (scan.rows[i] ??= []);
    row.forEach((v, j) => {
      if (into[j] === undefined) into[j] = v;
    });
  });
  sheet.rows = scan.rows;
  sheet.lastValueCol = scan.lastValueCol;
  sheet.lastValueRow = scan.lastValueRow;
  return scan;
}
