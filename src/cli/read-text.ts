import fs from 'node:fs';
import path from 'node:path';
import { format, type Strings } from '../core/locale';
import { DocxError, docxText } from '../docx/plan-text';
import { decodePlanText, isOldWord, isZip } from '../docx/sniff';
import { CliError } from './errors';
import { reasonText } from './reasons';
import { readBounded, type Warn } from './write-file';

/** Far above any plan; refuses before reading a huge file (or an endless stream) into memory. */
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * Text that is UTF-8 but for a few bytes (a file cut and joined, one byte flipped) is UTF-8 with
 * those bytes replaced, not another encoding: GB18030 text read as UTF-8 breaks at nearly every
 * Chinese character, so valid multi-byte characters must outnumber the breaks this many times.
 */
const UTF8_MAJORITY = 4;

/** How many characters of a text decoded as UTF-8 are multi-byte, and how many bytes were not UTF-8. */
function utf8Census(bytes: Uint8Array): { text: string; wide: number; bad: number } {
  const text = new TextDecoder('utf-8').decode(bytes);
  let wide = 0;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) bad++;
    else if (c >= 0x80) wide++;
  }
  // A U+FFFD that the file really holds (EF BF BD) is no bad byte.
  for (let i = bytes.indexOf(0xef); i >= 0 && i + 2 < bytes.length; i = bytes.indexOf(0xef, i + 1)) if (bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) bad--;
  return { text, wide, bad };
}

/**
 * Plan text as offices save it (see decodePlanText: UTF-8, UTF-16 with BOM, else GB18030), except
 * that UTF-8 with a few bad bytes stays UTF-8, the bytes replaced by U+FFFD, and the user is told.
 */
export function decodeText(bytes: Uint8Array, file: string, s: Strings, warn: Warn = () => undefined): string {
  const bom16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!bom16) {
    const { text, wide, bad } = utf8Census(bytes);
    if (bad > 0 && wide >= bad * UTF8_MAJORITY) {
      warn(format(s.cli.badUtf8, { path: file, n: bad }));
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    }
  }
  return decodePlanText(bytes);
}

/**
 * Reads a text file (or standard input for '-'). Offices often save plans in GB18030/GBK:
 * bytes that are not valid UTF-8 are read as GB18030 instead (but see decodeText).
 */
export function readText(file: string, s: Strings, warn?: Warn): string {
  return decodeText(readBytes(file, s), file, s, warn);
}

/**
 * A plan file: text as readText reads it, or a Word document (.docx, its tables as rows). An old
 * .doc or .wps is refused with a message asking for .docx, whatever its extension says.
 */
export function readPlanText(file: string, s: Strings, warn?: Warn): string {
  const bytes = readBytes(file, s);
  const ext = path.extname(file).toLowerCase();
  const f = s.plan.files;
  if (isOldWord(bytes) || ((ext === '.doc' || ext === '.wps') && !isZip(bytes))) throw new CliError(format(f.oldWord, { path: file }));
  if (!isZip(bytes) && ext !== '.docx') return decodeText(bytes, file, s, warn);
  try {
    const text = docxText(bytes);
    if (!text.trim()) throw new CliError(format(f.emptyDocx, { path: file }));
    return text;
  } catch (error) {
    if (error instanceof DocxError) throw new CliError(format(error.kind === 'oldWord' ? f.oldWord : f.notDocx, { path: file }));
    throw error;
  }
}

/** A file's bytes, or standard input's, never more than MAX_BYTES (a pipe or a device is read only so far). */
function readBytes(file: string, s: Strings): Buffer {
  const tooLarge = (size: number) => new CliError(format(s.cli.fileTooLarge, { path: file, size }));
  let fd: number | null = null;
  try {
    fd = file === '-' ? 0 : fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    if (size > MAX_BYTES) throw tooLarge(Math.round(size / 1048576));
    const bytes = readBounded(fd, MAX_BYTES);
    if (!bytes) throw tooLarge(Math.round(MAX_BYTES / 1048576));
    return bytes;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(format(s.cli.readFailed, { path: file, reason: reasonText(error, s) }));
  } finally {
    if (fd !== null && fd !== 0) fs.closeSync(fd);
  }
}
