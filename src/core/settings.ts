/**
 * What a campaign workbook records about itself on its hidden settings sheet (key | value rows):
 * one schema, one writer (the layout) and one reader (the flag and whatever else reads a
 * workbook later). Older workbooks may lack keys, so everything read is optional.
 */
import type { Lang } from './locale';

export const SETTINGS_SCHEMA_VERSION = 1;

export interface CampaignSettings {
  app: 'campaign-ledger';
  schemaVersion: number;
  campaignName: string;
  template: string;
  lang: Lang;
  start: string;
  end: string;
  ledgerSheet: string;
  ledgerTable: string;
  ledgerHeaderName: string;
  ledgerHeaderRow: number;
  ledgerColumns: string;
  scheduleSheet: string;
  groupSheet: string;
  dashboardSheet: string;
  asOfName: string;
  dueSoonName: string;
}

const KEYS: (keyof CampaignSettings)[] = [
  'app',
  'schemaVersion',
  'campaignName',
  'template',
  'lang',
  'start',
  'end',
  'ledgerSheet',
  'ledgerTable',
  'ledgerHeaderName',
  'ledgerHeaderRow',
  'ledgerColumns',
  'scheduleSheet',
  'groupSheet',
  'dashboardSheet',
  'asOfName',
  'dueSoonName',
];
const NUMBERS = new Set<keyof CampaignSettings>(['schemaVersion', 'ledgerHeaderRow']);

/** The rows the settings sheet holds, header first. */
export function settingsRows(settings: CampaignSettings): [string, string | number][] {
  return [['key', 'value'], ...KEYS.map((k): [string, string | number] => [k, settings[k]])];
}

/** The settings read back from the sheet's rows; unknown keys and odd values are left out. */
export function parseSettings(rows: unknown[][]): Partial<CampaignSettings> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of rows) {
    if (typeof key !== 'string' || !KEYS.includes(key as keyof CampaignSettings) || value === null || value === undefined) continue;
    const text = typeof value === 'object' ? '' : String(value);
    if (NUMBERS.has(key as keyof CampaignSettings)) {
      if (Number.isFinite(Number(text)) && text !== '') out[key] = Number(text);
    } else if (key !== 'lang' || ['zh-CN', 'zh-TW', 'en'].includes(text)) out[key] = text;
  }
  return out as Partial<CampaignSettings>;
}
