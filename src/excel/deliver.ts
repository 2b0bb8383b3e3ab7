/**
 * Workbooks the pane makes in Excel (the units' copies of 分发) reach the user through Excel
 * itself: `Excel.createWorkbook(base64)` (ExcelApi 1.8) opens each one, unsaved, in a window of
 * its own, on Windows, on Mac and on the web alike. A blob link with `a.click()` is no way to hand
 * over a file in Excel: Office for Mac's webview does not download blobs (OfficeDev/office-js#2700,
 * closed "by design"; #3385, #4681), and nothing tells the add-in that nothing was saved.
 *
 * The workbooks are opened one after the other; the first refusal stops the rest (they would meet
 * the same refusal), and the outcome says exactly which were opened and which not.
 */
import { format, type Strings } from '../core/locale';

/** `Excel.createWorkbook`: resolves once Excel has opened the workbook. */
export type CreateWorkbook = (base64File: string) => Promise<void>;

export interface WorkbookFile {
  /** The name to save it under (Excel opens it unsaved, as "Book2" or the like). */
  name: string;
  bytes: Uint8Array;
}

export interface Delivery {
  opened: string[];
  /** The first workbook Excel did not open, and why; null when all were opened. */
  failed: { name: string; error: unknown } | null;
  /** The ones after it, not tried. */
  notTried: string[];
}

/** Base64 of bytes, in chunks (String.fromCharCode takes a bounded number of arguments). */
export function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function openWorkbooks(files: WorkbookFile[], createWorkbook: CreateWorkbook): Promise<Delivery> {
  const opened: string[] = [];
  for (const [i, f] of files.entries()) {
    try {
      await createWorkbook(base64Of(f.bytes));
    } catch (error) {
      return { opened, failed: { name: f.name, error }, notTried: files.slice(i + 1).map((x) => x.name) };
    }
    opened.push(f.name);
  }
  return { opened, failed: null, notTried: [] };
}

/**
 * What to tell the user after the copies were handed to Excel: how many were opened (and, on Mac,
 * where the windows went: they open behind the current one, OfficeDev/office-js#6943), or which
 * one Excel refused and why. A refusal here does not take back the item numbers the open workbook
 * holds, and the message says so.
 */
export function deliveryMessage(d: Delivery, platform: string, s: Strings): string {
  const p = s.pane;
  if (!d.failed) return [format(p.splitOpened, { n: d.opened.length }), ...(platform === 'Mac' ? [p.splitOpenedMac] : [])].join('\n');
  const error = d.failed.error;
  const code = (error as { code?: string } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const why = code === 'RequestPayloadSizeLimitExceeded' ? p.splitCopyTooLarge : code && !message.includes(code) ? `${message} (${code})` : message;
  return format(p.splitOpenFailed, { file: d.failed.name, reason: why, n: d.opened.length, left: d.notTried.length + 1 });
}
