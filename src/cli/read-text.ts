import fs from 'node:fs';
import { format, type Strings } from '../core/locale';
import { CliError } from './errors';

/** Far above any plan; refuses before reading a huge file into memory. */
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * Reads a text file (or standard input for '-'). Offices often save plans in GB18030/GBK:
 * bytes that are not valid UTF-8 are read as GB18030 instead.
 */
export function readText(file: string, s: Strings): string {
  let bytes: Buffer;
  try {
    if (file !== '-') {
      const size = fs.statSync(file).size;
      if (size > MAX_BYTES) throw new CliError(format(s.cli.fileTooLarge, { path: file, size: Math.round(size / 1048576) }));
    }
    bytes = fs.readFileSync(file === '-' ? 0 : file);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(format(s.cli.readFailed, { path: file, reason }));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}
