/**
 * campaign-ledger: the command line. It orchestrates; the domain lives in src/core. Each command's
 * module is loaded when that command runs: start-up is a large part of a command's time (the flag
 * never loads ExcelJS, the plan reader or the templates).
 */
import { format, strings } from '../core/locale';
import { type IsoDate, localIsoDate } from '../core/dates';
import { CliError } from './errors';
import { messageLang } from './options';
import { useNodeCompressor } from './compressor';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  today: () => IsoDate;
  /** The moment, where a command records one (split, merge); the clock when absent. */
  now?: () => Date;
}

/**
 * A reader that stops early (`parse plan.txt | head`) closes the pipe: the rest of the output is
 * not wanted, which is no error. What follows is dropped; the command ends as it would have.
 */
const closed = { stdout: false, stderr: false };
let watching = false;
function watchPipes(): void {
  if (watching) return;
  watching = true;
  for (const name of ['stdout', 'stderr'] as const)
    process[name].on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closed[name] = true;
    });
}

const defaultIo: Io = {
  out: (line) => void (closed.stdout || process.stdout.write(`${line}\n`)),
  err: (line) => void (closed.stderr || process.stderr.write(`${line}\n`)),
  today: () => localIsoDate(new Date()),
};

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  useNodeCompressor();
  if (io === defaultIo) watchPipes();
  const s = strings(messageLang(argv));
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'templates':
        (await import('./build-commands')).listTemplates(s, io);
        return 0;
      case 'build':
        await (await import('./build-commands')).build(rest, s, io);
        return 0;
      case 'demo':
        await (await import('./build-commands')).demo(rest, s, io);
        return 0;
      case 'parse':
        (await import('./plan-commands')).parseCommand(rest, s, io);
        return 0;
      case 'flag':
        await (await import('./flag-command')).flagCommand(rest, s, io);
        return 0;
      case 'add-status':
        await (await import('./status-command')).statusCommand(rest, s, io);
        return 0;
      case 'split':
        await (await import('./distribute-commands')).splitCommand(rest, s, io);
        return 0;
      case 'merge':
        await (await import('./distribute-commands')).mergeCommand(rest, s, io);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(s.cli.usage);
        return command === undefined ? 2 : 0;
      default:
        throw new CliError(format(s.cli.unknownCommand, { command }));
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    io.err(String((error as Error)?.stack ?? error));
    return 1;
  }
}
