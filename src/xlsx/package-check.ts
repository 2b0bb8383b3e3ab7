/**
 * Before a workbook is rewritten through ExcelJS: is it an .xlsx at all, and does it hold parts
 * ExcelJS would silently drop (charts, pivot tables, macros …)? Such a file is refused, never
 * rewritten without them.
 */
import JSZip from 'jszip';

import type { Problem } from '../core/flag';

export type PackageProblem = Extract<Problem, { kind: 'encrypted' | 'notXlsx' | 'unsupported' }>;

const UNSUPPORTED: [RegExp, string][] = [
  [/^xl\/(charts|chartsheets)\//, 'charts'],
  [/^xl\/(pivotTables|pivotCache)\//, 'pivot'],
  [/^xl\/vbaProject\.bin$/, 'macros'],
  [/^xl\/(slicers|slicerCaches|timelines|timelineCaches)\//, 'slicers'],
  [/^xl\/externalLinks\//, 'links'],
  [/^xl\/(activeX|ctrlProps)\//, 'controls'],
  [/^xl\/threadedComments\//, 'threaded'],
];

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];

export async function checkPackage(bytes: Uint8Array): Promise<PackageProblem | null> {
  // Password-protected .xlsx files (and old .xls) are OLE compound files, not zips.
  if (OLE_SIGNATURE.every((b, i) => bytes[i] === b)) return { kind: 'encrypted' };
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return { kind: 'notXlsx' };
  }
  if (!zip.file('[Content_Types].xml') || !zip.file('xl/workbook.xml')) return { kind: 'notXlsx' };
  const parts = new Set<string>();
  for (const name of Object.keys(zip.files)) {
    for (const [pattern, part] of UNSUPPORTED) if (pattern.test(name)) parts.add(part);
    // Drawings that hold only pictures survive; shapes, text boxes and embedded charts do not.
    if (/^xl\/drawings\/drawing\d+\.xml$/.test(name)) {
      const xml = await zip.file(name)!.async('string');
      if (/<xdr:sp\b|<xdr:graphicFrame\b|<xdr:cxnSp\b/.test(xml)) parts.add('shapes');
    }
  }
  return parts.size ? { kind: 'unsupported', parts: [...parts] } : null;
}
