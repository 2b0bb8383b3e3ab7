/** Campaign → WorkbookSpec. */
import type { Campaign } from '../model';
import type { WorkbookSpec } from '../spec';
import { createContext, type LayoutOptions } from './context';
import { layoutDashboard } from './dashboard';
import { layoutGroup } from './group';
import { layoutLedger } from './ledger';
import { layoutSchedule } from './schedule';
import { layoutSettings } from './settings';

export { campaignNames, createContext, type LayoutOptions, type SheetNames } from './context';
export { LEDGER_TABLE_NAME } from './ledger';
export { LEDGER_HEADER_NAME, SETTINGS_NAME } from './settings';
export { DASHBOARD_CELLS } from './context';

export function layoutWorkbook(campaign: Campaign, options: LayoutOptions = {}): WorkbookSpec {
  const ctx = createContext(campaign, options);
  const settings = layoutSettings(ctx);
  return {
    title: campaign.name,
    subject: ctx.s.titles.ledger,
    sheets: [layoutDashboard(ctx), layoutSchedule(ctx), layoutLedger(ctx), layoutGroup(ctx), settings.sheet],
    names: [{ name: ctx.names.asOf, ref: ctx.dashboard.asOfCell }, { name: ctx.names.dueSoonDays, ref: ctx.dashboard.dueSoonCell }, ...settings.names],
    activeSheet: 'dashboard',
  };
}
