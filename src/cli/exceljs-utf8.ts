/**
 * ExcelJS in Node hands each part's XML to JSZip as a string, and JSZip encodes strings in
 * 16,384-unit slices: a character outside the BMP (a 生僻字 such as 𨭎 in a name, an emoji) that
 * straddles a slice boundary is split into two U+FFFD. In the browser ExcelJS encodes with
 * TextEncoder first, which is right; this gives Node the same: the whole part as UTF-8 bytes.
 */
import { createRequire } from 'node:module';

interface ZipWriterLike {
  append(data: unknown, options: { name: string; base64?: boolean }): void;
}

let patched = false;

export function encodeExcelJsPartsWhole(): void {
  if (patched) return;
  patched = true;
  const load = createRequire(__filename);
  const { ZipWriter } = load('exceljs/lib/utils/zip-stream') as { ZipWriter: { prototype: ZipWriterLike } };
  const append = ZipWriter.prototype.append;
  ZipWriter.prototype.append = function (data, options) {
    return append.call(this, typeof data === 'string' && !options?.base64 ? Buffer.from(data, 'utf8') : data, options);
  };
}
