/** Campaign → WorkbookSpec. */
import type { Campaign } from '../model';
import type { WorkbookSpec } from '../spec';
import { createContext, type LayoutOptions, workbookFont } from './context';
import { withRowHeights } from './print';
import { layoutDashboard } from './dashboard';
import { layoutGroup } from './group';
import { layoutLedger } from './ledger';
import { layoutSchedule } from './schedule';
import { layoutSettings } from './settings';

export { campaignNames, createContext, type LayoutOptions, type SheetNames } from './context';
export { LEDGER_TABLE_NAME } from './ledger';
export { LEDGER_HEADER_NAME, SETTINGS_NAME } from './settings';
export { DASHBOARD_CELLS, workbookFont } from './context';
export { PAPER_COLUMNS, WORKING_COLUMNS } from './ledger';

export function layoutWorkbook(campaign: Campaign, options: LayoutOptions = {}): WorkbookSpec {
  const ctx = createContext(campaign, options);
  const settings = layoutSettings(ctx);
  return {
    title: campaign.name,
    subject: ctx.s.titles.ledger,
    font: workbookFont(campaign.lang),
    // Every row as tall as its wrapped text: no engine grows a row for it when it opens the file.
    sheets: [layoutDashboard(ctx), layoutSchedule(ctx), layoutLedger(ctx), layoutGroup(ctx), settings.sheet].map(withRowHeights),
    names: [{ name: ctx.names.asOf, ref: ctx.dashboard.asOfCell }, { name: ctx.names.dueSoonDays, ref: ctx.dashboard.dueSoonCell }, ...settings.names],
    activeSheet: 'dashboard',
  };
}
