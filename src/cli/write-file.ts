import fs from 'node:fs';
import path from 'node:path';
import { format, type Strings } from '../core/locale';
import { CliError } from './errors';

/**
 * Writes next to the target and renames, so an interrupted or failed write never leaves a
 * partial workbook behind, and an existing file is only replaced when the user said so.
 */
export function writeFileAtomically(target: string, bytes: Uint8Array | Uint8Array[], overwrite: boolean, s: Strings): void {
  const absolute = path.resolve(target);
  if (!overwrite && fs.existsSync(absolute)) throw new CliError(format(s.cli.outputExists, { path: target }));
  const temp = path.join(path.dirname(absolute), `.${path.basename(absolute)}.${process.pid}.tmp`);
  try {
    if (Array.isArray(bytes)) {
      // A file written in pieces is written out piece by piece, never joined in memory.
      const fd = fs.openSync(temp, 'wx');
      try {
        for (const chunk of bytes) fs.writeSync(fd, chunk);
      } finally {
        fs.closeSync(fd);
      }
    } else fs.writeFileSync(temp, bytes, { flag: 'wx' });
    fs.renameSync(temp, absolute);
  } catch (error) {
    removeQuietly(temp);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(format(s.cli.unwritable, { path: target, reason }));
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // The temp file could not even be created (e.g. its folder is a file): nothing to remove.
  }
}
