/**
 * The part every command that changes a user's workbook shares (flag, add-status): where the
 * result goes (FILE-suffix.xlsx, -o, or --in-place), what is refused before anything is read,
 * the input read within its limit, and the result written atomically.
 */
import fs from 'node:fs';
import path from 'node:path';
import { problemMessage, ProblemError } from '../core/flag';
import { format, type Strings } from '../core/locale';
import { CliError } from './errors';
import { InPlaceFile, readWithinLimit, type Warn, writeFileAtomically } from './write-file';

/** Next to the input: 台账.xlsx → 台账-flagged.xlsx. */
export function defaultOutput(file: string, suffix: string): string {
  const ext = path.extname(file);
  return path.join(path.dirname(file), `${path.basename(file, ext)}-${suffix}${ext || '.xlsx'}`);
}

/** The input file, read within the file limit (a device such as /dev/zero too: never without end). */
export function readInput(file: string, s: Strings): Buffer {
  return readWithinLimit(file, file, s);
}

export interface FileAction {
  /** Where the result is written (the input itself with --in-place). */
  output: string;
  input: Uint8Array;
  /** Writes the result (nothing when there is none), then lets go of the input. */
  finish(result: Uint8Array[] | null): void;
  release(): void;
}

/**
 * Opens the input for an action. With --in-place the file is taken for this run first (its lock,
 * no other program's), so that what is read is what gets replaced.
 */
export function openFileAction(file: string, values: Record<string, unknown>, suffix: string, s: Strings, warn?: Warn): FileAction {
  if (values.output !== undefined && values['in-place']) throw new CliError(s.cli.outputOrInPlace);
  const inPlace = values['in-place'] === true;
  const output = inPlace ? file : ((values.output as string | undefined) ?? defaultOutput(file, suffix));
  if (!inPlace && !/\.xls[xm]$/i.test(output)) throw new CliError(format(s.cli.outputNotXlsx, { path: output }));
  if (!inPlace && !values.force && fs.existsSync(output)) throw new CliError(format(s.cli.outputExists, { path: output }));
  const held = inPlace ? InPlaceFile.open(file, s, warn) : null;
  try {
    const bytes = held ? held.read() : readInput(file, s);
    return {
      output,
      input: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      finish(result) {
        if (!result) return;
        // Never half a workbook: a complete temporary file, then a rename.
        if (held) held.commit(result);
        else writeFileAtomically(output, result, true, s);
      },
      release() {
        held?.release();
      },
    };
  } catch (error) {
    held?.release();
    throw error;
  }
}

/** An action's problem as the command line says it: one line, exit 2. */
export function asCliError(error: unknown, s: Strings, file: string): unknown {
  return error instanceof ProblemError ? new CliError(problemMessage(error.problem, s, error.file ?? file)) : error;
}
