/**
 * The Excel API version the add-in needs, declared in the manifest and checked at run time:
 * ExcelApi 1.9 brings Range.copyFrom, Range.autoFill, page layout and page breaks; 1.8 data
 * validation and Workbook.readOnly. An older Excel gets a clear message instead of a failure
 * half-way through.
 */
import { HostError } from './errors';

export const EXCEL_API_VERSION = '1.9';

export type RequirementCheck = (name: string, minVersion: string) => boolean;

export function checkRequirements(isSetSupported: RequirementCheck): void {
  if (!isSetSupported('ExcelApi', EXCEL_API_VERSION)) throw new HostError({ kind: 'oldExcel', version: EXCEL_API_VERSION });
}

/** Office's display language → the add-in's locale. */
export function langOfOffice(displayLanguage: string | undefined): 'zh-CN' | 'zh-TW' | 'en' {
  const l = (displayLanguage ?? '').toLowerCase();
  if (/^zh-(tw|hk|mo|hant)/.test(l)) return 'zh-TW';
  if (l.startsWith('zh')) return 'zh-CN';
  return l ? 'en' : 'zh-CN';
}
