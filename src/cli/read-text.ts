import fs from 'node:fs';
import path from 'node:path';
import { format, type Strings } from '../core/locale';
import { DocxError, docxText } from '../docx/plan-text';
import { decodePlanText, isOldWord, isZip } from '../docx/sniff';
import { CliError } from './errors';
import { reasonText } from './reasons';

/** Far above any plan; refuses before reading a huge file into memory. */
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * Reads a text file (or standard input for '-'). Offices often save plans in GB18030/GBK:
 * bytes that are not valid UTF-8 are read as GB18030 instead.
 */
export function readText(file: string, s: Strings): string {
  return decodePlanText(readBytes(file, s));
}

/**
 * A plan file: text as readText reads it, or a Word document (.docx, its tables as rows). An old
 * .doc or .wps is refused with a message asking for .docx, whatever its extension says.
 */
export function readPlanText(file: string, s: Strings): string {
  const bytes = readBytes(file, s);
  const ext = path.extname(file).toLowerCase();
  const f = s.plan.files;
  if (isOldWord(bytes) || ((ext === '.doc' || ext === '.wps') && !isZip(bytes))) throw new CliError(format(f.oldWord, { path: file }));
  if (!isZip(bytes) && ext !== '.docx') return decodePlanText(bytes);
  try {
    const text = docxText(bytes);
    if (!text.trim()) throw new CliError(format(f.emptyDocx, { path: file }));
    return text;
  } catch (error) {
    if (error instanceof DocxError) throw new CliError(format(error.kind === 'oldWord' ? f.oldWord : f.notDocx, { path: file }));
    throw error;
  }
}

function readBytes(file: string, s: Strings): Buffer {
  let bytes: Buffer;
  try {
    if (file !== '-') {
      const size = fs.statSync(file).size;
      if (size > MAX_BYTES) throw new CliError(format(s.cli.fileTooLarge, { path: file, size: Math.round(size / 1048576) }));
    }
    bytes = fs.readFileSync(file === '-' ? 0 : file);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(format(s.cli.readFailed, { path: file, reason: reasonText(error, s) }));
  }
  return bytes;
}
