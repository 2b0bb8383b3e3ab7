/**
 * Writing a user's files so that no interruption can leave half a workbook: every file is written
 * whole beside its target and renamed over it; nothing is ever rewritten where it stands. What a
 * run creates beside a file (its temporary file, its lock) is removed on every way out (an error,
 * Ctrl+C, a kill), and what a run that was killed outright left is removed by the next run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { format, type Strings } from '../core/locale';
import { problemMessage } from '../core/flag/messages';
import { LIMITS } from '../xlsx/package/limits';
import { CliError } from './errors';
import { reasonText } from './reasons';

type Bytes = Uint8Array | Uint8Array[];
export type Warn = (message: string) => void;

function writeAll(fd: number, bytes: Bytes): void {
  for (const chunk of Array.isArray(bytes) ? bytes : [bytes]) {
    for (let at = 0; at < chunk.length;) at += fs.writeSync(fd, chunk, at, chunk.length - at);
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // The file could not even be created (e.g. its folder is a file): nothing to remove.
  }
}

// ---- What this run leaves beside a file, removed on every way out ----

const leftovers = new Set<string>();
let hooked = false;

function removeLeftovers(): void {
  for (const file of leftovers) removeQuietly(file);
  leftovers.clear();
}

/** A file this run made and must not leave behind, whatever ends the run. */
function own(file: string): void {
  leftovers.add(file);
  if (hooked) return;
  hooked = true;
  process.on('exit', removeLeftovers);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      removeLeftovers();
      // Then the signal does what it would have done: the run ends as killed.
      process.kill(process.pid, signal);
    });
  }
}

function release(file: string): void {
  leftovers.delete(file);
}

// ---- Which run a file beside the target belongs to ----

/** A name's bytes cut to fit (never inside a character) and marked as cut. */
function fitName(name: string, bytes: number): string {
  if (Buffer.byteLength(name) <= bytes) return name;
  let out = '';
  for (const ch of name) {
    if (Buffer.byteLength(out + ch) > bytes - 1) break;
    out += ch;
  }
  return `${out}~`;
}

/** Room for a process number in a name beside the target: ten digits (Windows; Linux has seven). */
const PID_DIGITS = 10;
/** The longest file name file systems take, in bytes. */
const NAME_BYTES = 255;

/** `.NAME.` as the temporary files of NAME start (NAME cut so that `.NAME.PID.tmp` fits 255 bytes). */
function tempPrefix(base: string): string {
  return `.${fitName(base, NAME_BYTES - 2 - PID_DIGITS - '.tmp'.length)}.`;
}

export function tempFileName(base: string, pid = process.pid): string {
  return `${tempPrefix(base)}${pid}.tmp`;
}

/** The longest file name a target may have: its temporary file (with any process number) fits then. */
export const TARGET_NAME_BYTES = NAME_BYTES - 2 - PID_DIGITS - '.tmp'.length;

function lockName(base: string): string {
  const suffix = '.campaign-ledger.lock';
  return `.${fitName(base, NAME_BYTES - 1 - suffix.length)}${suffix}`;
}

/** When a process started, in ms since 1970; null where the system does not tell. */
function processStart(pid: number): number | null {
  try {
    // Linux: field 22 of /proc/PID/stat, in clock ticks (100 a second) after boot.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const boot = Number(/^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1]);
    return Number.isFinite(ticks) && Number.isFinite(boot) ? boot * 1000 + ticks * 10 : null;
  } catch {
    return null;
  }
}

/** The exact start of a process, as a text to compare (Linux: its start in ticks); '' where unknown. */
function processIdentity(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
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

/** Start times read from /proc/stat's boot time (whole seconds) may be off by this much. */
const START_SLACK_MS = 2000;

/**
 * Whether the run that wrote a file beside the target (a lock, a temporary file) is still at work:
 * its process is alive and is the same process (a process number is reused by the system; a
 * process cannot have written a file before it started, and its recorded start must be its own).
 */
function runIsLive(pid: number, writtenMs: number, identity = ''): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return false;
  const now = processIdentity(pid);
  if (identity && now) return identity === now;
  const start = processStart(pid);
  return start === null || start <= writtenMs + START_SLACK_MS;
}

/** Temporary and backup files a run that died left beside `base` in `dir` are removed. */
function removeDeadRunsFiles(dir: string, base: string): void {
  const prefix = tempPrefix(base);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)\.(?:tmp|bak)$/.exec(name.slice(prefix.length));
    if (!m || Number(m[1]) === process.pid) continue;
    const file = path.join(dir, name);
    try {
      if (!runIsLive(Number(m[1]), fs.statSync(file).mtimeMs)) removeQuietly(file);
    } catch {
      // Gone meanwhile.
    }
  }
}

// ---- Writing ----

/** A new file in the same folder, written whole, then renamed over the target. */
function writeAndRename(absolute: string, bytes: Bytes, keep: fs.Stats | null, display: string, s: Strings): void {
  const dir = path.dirname(absolute);
  const base = path.basename(absolute);
  removeDeadRunsFiles(dir, base);
  const temp = path.join(dir, tempFileName(base));
  try {
    own(temp);
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
    release(temp);
  } catch (error) {
    removeQuietly(temp);
    release(temp);
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
 * Reads at most `limit` bytes of a file, a device or a pipe: past it, null (the caller says so).
 * `more(first)`: whether what the first chunk shows is worth reading on (a workbook starts with
 * a zip's or an OLE file's signature; /dev/zero does not, and is not read to the limit).
 */
export function readBounded(fd: number, limit: number, more: (first: Buffer) => boolean = () => true): Buffer | null {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - total));
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      // A pipe with nothing yet (standard input of a slow producer): wait a little and read on.
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      throw error;
    }
    if (n === 0) return Buffer.concat(chunks, total);
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    total += n;
    if (total > limit) return null;
    if (chunks.length === 1 && total >= 8 && !more(chunks[0])) return chunks[0];
  }
}

/** A workbook's first bytes: a zip (PK) or an OLE file (an encrypted workbook, an old .xls). */
export function looksLikeWorkbook(first: Buffer): boolean {
  return (first[0] === 0x50 && first[1] === 0x4b) || (first[0] === 0xd0 && first[1] === 0xcf && first[2] === 0x11 && first[3] === 0xe0);
}

/**
 * A workbook read whole within LIMITS.fileBytes, whatever the file is (a regular file, a device, a
 * pipe): what does not start as a workbook is read no further than its first chunk.
 */
export function readWithinLimit(file: string, display: string, s: Strings): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw new CliError(format(s.cli.readFailed, { path: display, reason: reasonText(error, s) }));
  }
  const tooLarge = () => new CliError(problemMessage({ kind: 'limit', what: 'file', limit: LIMITS.fileBytes }, s, display));
  try {
    if (fs.fstatSync(fd).size > LIMITS.fileBytes) throw tooLarge();
    const bytes = readBounded(fd, LIMITS.fileBytes, looksLikeWorkbook);
    if (!bytes) throw tooLarge();
    return bytes;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(format(s.cli.readFailed, { path: display, reason: reasonText(error, s) }));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A file changed in place (--in-place), as a careful user would: through a symbolic link to the
 * file it names; never a read-only file, nor one that Excel, WPS or LibreOffice has open (their
 * lock files beside it), nor one another run of ours is changing (our own lock); never over
 * changes another program made while this run worked; keeping the file's permissions and its
 * owner where allowed. The new content is a new file renamed over the old one, also when the
 * file has other hard links: those keep the old content, and the user is told.
 */
export class InPlaceFile {
  private constructor(
    private readonly display: string,
    /** The file itself, symbolic links followed. */
    readonly real: string,
    private readonly lock: string,
    private readonly before: fs.Stats,
    private readonly s: Strings,
    private readonly warn: Warn,
  ) {}

  static open(file: string, s: Strings, warn: Warn = () => undefined): InPlaceFile {
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
    const lock = path.join(dir, lockName(base));
    InPlaceFile.takeLock(lock, file, s, warn);
    removeDeadRunsFiles(dir, base);
    return new InPlaceFile(file, real, lock, stat, s, warn);
  }

  /**
   * Our lock: created exclusively, holding this process's number and start. One left by a run
   * that is no longer at work (its process gone, or its number now another process's) is taken over.
   */
  private static takeLock(lock: string, file: string, s: Strings, warn: Warn): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        own(lock);
        fs.writeFileSync(lock, `${process.pid}\n${processIdentity(process.pid)}\n`, { flag: 'wx' });
        return;
      } catch (error) {
        release(lock);
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new CliError(format(s.cli.unwritable, { path: file, reason: reasonText(error, s) }));
        let live = true;
        try {
          const [pid, identity] = fs.readFileSync(lock, 'utf8').split('\n');
          live = runIsLive(Number(pid), fs.statSync(lock).mtimeMs, identity?.trim());
        } catch {
          // Removed meanwhile: try again.
          live = false;
        }
        if (live) break;
        removeQuietly(lock);
        warn(format(s.cli.lockTakenOver, { lock: path.basename(lock) }));
      }
    }
    throw new CliError(format(s.cli.busyFile, { path: file, lock: path.basename(lock) }));
  }

  read(): Buffer {
    return readWithinLimit(this.real, this.display, this.s);
  }

  /** Writes the new content as a new file renamed over the old one. */
  commit(bytes: Bytes): void {
    const now = fs.statSync(this.real);
    if (now.mtimeMs !== this.before.mtimeMs || now.size !== this.before.size || now.ino !== this.before.ino)
      throw new CliError(format(this.s.cli.changedWhileWorking, { path: this.display }));
    writeAndRename(this.real, bytes, this.before, this.display, this.s);
    // A rename gives the name a new file: the file's other names keep the old one.
    if (now.nlink > 1) this.warn(format(this.s.cli.hardLinkReplaced, { path: this.display, n: now.nlink - 1 }));
  }

  release(): void {
    removeQuietly(this.lock);
    release(this.lock);
  }
}
