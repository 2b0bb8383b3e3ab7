import fs from 'node:fs';
import path from 'node:path';
import { format, type Strings } from '../core/locale';
import { problemMessage } from '../core/flag/messages';
import { LIMITS } from '../xlsx/package/limits';
import { CliError } from './errors';
import { reasonText } from './reasons';

type Bytes = Uint8Array | Uint8Array[];

function writeAll(fd: number, bytes: Bytes): void {
  for (const chunk of Array.isArray(bytes) ? bytes : [bytes]) {
    for (let at = 0; at < chunk.length;) at += fs.writeSync(fd, chunk, at, chunk.length - at);
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // The temp file could not even be created (e.g. its folder is a file): nothing to remove.
  }
}

/** A new file in the same folder, written whole, then renamed over the target. */
function writeAndRename(absolute: string, bytes: Bytes, keep: fs.Stats | null, display: string, s: Strings): void {
  const temp = path.join(path.dirname(absolute), `.${path.basename(absolute)}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(temp, 'wx', keep ? keep.mode & 0o7777 : 0o666);
    try {
      writeAll(fd, bytes);
      if (keep) {
        // The file keeps its permissions and, where this user may set it, its owner.
        fs.fchmodSync(fd, keep.mode & 0o7777);
        try {
          fs.fchownSync(fd, keep.uid, keep.gid);
        } catch {
          // Only root (or the owner, for the group) may give a file away: it stays ours then.
        }
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, absolute);
  } catch (error) {
    removeQuietly(temp);
    throw new CliError(format(s.cli.unwritable, { path: display, reason: reasonText(error, s) }));
  }
}

/**
 * Writes next to the target and renames, so an interrupted or failed write never leaves a
 * partial workbook behind, and an existing file is only replaced when the user said so.
 */
export function writeFileAtomically(target: string, bytes: Bytes, overwrite: boolean, s: Strings): void {
  const absolute = path.resolve(target);
  if (!overwrite && fs.existsSync(absolute)) throw new CliError(format(s.cli.outputExists, { path: target }));
  writeAndRename(absolute, bytes, null, target, s);
}

/**
 * A file changed in place (--in-place), as a careful user would: through a symbolic link to the
 * file it names; never a read-only file, nor one that Excel, WPS or LibreOffice has open (their
 * lock files beside it), nor one another run of ours is changing (our own lock); never over
 * changes another program made while this run worked; keeping the file's permissions, its owner
 * where allowed, and its hard links (the same file, not a new one under the same name).
 */
export class InPlaceFile {
  private constructor(
    private readonly display: string,
    /** The file itself, symbolic links followed. */
    readonly real: string,
    private readonly lock: string,
    private readonly before: fs.Stats,
    private readonly s: Strings,
  ) {}

  static open(file: string, s: Strings): InPlaceFile {
    let real: string;
    let stat: fs.Stats;
    try {
      real = fs.realpathSync(file);
      stat = fs.statSync(real);
    } catch (error) {
      throw new CliError(format(s.cli.readFailed, { path: file, reason: reasonText(error, s) }));
    }
    if ((stat.mode & 0o222) === 0) throw new CliError(format(s.cli.readOnlyFile, { path: file }));
    try {
      fs.accessSync(real, fs.constants.W_OK);
    } catch {
      throw new CliError(format(s.cli.readOnlyFile, { path: file }));
    }
    const dir = path.dirname(real);
    const base = path.basename(real);
    // LibreOffice (.~lock.NAME#) and Excel or WPS (~$NAME) mark a file they have open.
    for (const other of [`.~lock.${base}#`, `~$${base}`, `~$${base.slice(2)}`]) {
      if (fs.existsSync(path.join(dir, other))) throw new CliError(format(s.cli.openElsewhere, { path: file, lock: other }));
    }
    const lock = path.join(dir, `.${base}.campaign-ledger.lock`);
    InPlaceFile.takeLock(lock, file, s);
    return new InPlaceFile(file, real, lock, stat, s);
  }

  /** Our lock: created exclusively; one left by a run that is no longer alive is taken over. */
  private static takeLock(lock: string, file: string, s: Strings): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new CliError(format(s.cli.unwritable, { path: file, reason: reasonText(error, s) }));
        const pid = Number(fs.readFileSync(lock, 'utf8'));
        if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) break;
        removeQuietly(lock);
      }
    }
    throw new CliError(format(s.cli.busyFile, { path: file, lock: path.basename(lock) }));
  }

  read(): Buffer {
    if (this.before.size > LIMITS.fileBytes) throw new CliError(problemMessage({ kind: 'limit', what: 'file', limit: LIMITS.fileBytes }, this.s, this.display));
    try {
      return fs.readFileSync(this.real);
    } catch (error) {
      throw new CliError(format(this.s.cli.readFailed, { path: this.display, reason: reasonText(error, this.s) }));
    }
  }

  /** Writes the new content over the file, then lets the lock go. */
  commit(bytes: Bytes): void {
    const now = fs.statSync(this.real);
    if (now.mtimeMs !== this.before.mtimeMs || now.size !== this.before.size || now.ino !== this.before.ino)
      throw new CliError(format(this.s.cli.changedWhileWorking, { path: this.display }));
    if (now.nlink > 1) this.writeIntoSameFile(bytes);
    else writeAndRename(this.real, bytes, this.before, this.display, this.s);
  }

  /**
   * A file with other hard links is rewritten where it is (a rename would leave the other names on
   * the old content). A copy beside it is kept until the write has gone through, to put back.
   */
  private writeIntoSameFile(bytes: Bytes): void {
    const backup = path.join(path.dirname(this.real), `.${path.basename(this.real)}.${process.pid}.bak`);
    try {
      fs.copyFileSync(this.real, backup, fs.constants.COPYFILE_EXCL);
    } catch (error) {
      throw new CliError(format(this.s.cli.unwritable, { path: this.display, reason: reasonText(error, this.s) }));
    }
    try {
      const fd = fs.openSync(this.real, 'r+');
      try {
        fs.ftruncateSync(fd, 0);
        writeAll(fd, bytes);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } catch (error) {
      fs.copyFileSync(backup, this.real);
      removeQuietly(backup);
      throw new CliError(format(this.s.cli.unwritable, { path: this.display, reason: reasonText(error, this.s) }));
    }
    removeQuietly(backup);
  }

  release(): void {
    removeQuietly(this.lock);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
