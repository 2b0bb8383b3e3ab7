/**
 * The part every command that changes a user's workbook shares (flag, add-status): where the
 * result goes (FILE-suffix.xlsx, -o, or --in-place), what is refused before anything is read,
 * the input read within its limit, and the result written atomically.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type OutputSuffix, outputFileName } from '../core/file-names';
import { problemMessage, ProblemError, workbookProblem } from '../core/flag';
import { format, type Strings } from '../core/locale';
import { CliError } from './errors';
import { InPlaceFile, readWithinLimit, type Warn, writeFileAtomically } from './write-file';

/** Next to the input: 台账.xlsx → 台账-flagged.xlsx, and 台账-flagged.xlsx flagged again the same (the core's rule, the pane's too). */
export function defaultOutput(file: string, suffix: OutputSuffix): string {
  return path.join(path.dirname(file), outputFileName(path.basename(file), suffix));
}

/** The input file, read within the file limit (a device such as /dev/zero too: never without end). */
export function readInput(file: string, s: Strings): Buffer {
  return readWithinLimit(file, file, s);
}

/** A file given as a workbook, refused in words when it is none (.xls to be saved as .xlsx, a .txt, a .docx). */
export function checkWorkbook(file: string, bytes: Uint8Array, s: Strings): void {
  const problem = workbookProblem(bytes);
  if (problem) throw new CliError(problemMessage(problem, s, file));
}

/** A workbook file read whole, or refused (missing, a folder, too large, not a workbook) before anything is planned. */
export function readWorkbookInput(file: string, s: Strings): Uint8Array {
  const bytes = readInput(file, s);
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkWorkbook(file, view, s);
  return view;
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
export function openFileAction(file: string, values: Record<string, unknown>, suffix: OutputSuffix, s: Strings, warn?: Warn): FileAction {
  if (values.output !== undefined && values['in-place']) throw new CliError(s.cli.outputOrInPlace);
  const inPlace = values['in-place'] === true;
  // The input first: a missing file, a folder, an .xls or a .txt is said as such, not as a wrong output name.
  const bytes = inPlace ? null : readWorkbookInput(file, s);
  const output = inPlace ? file : ((values.output as string | undefined) ?? defaultOutput(file, suffix));
  if (!inPlace && !/\.xls[xm]$/i.test(output)) throw new CliError(format(s.cli.outputNotXlsx, { path: output }));
  // 台账-flagged.xlsx flagged again is named 台账-flagged.xlsx: itself, which only --in-place replaces.
  if (!inPlace && values.output === undefined && path.resolve(output) === path.resolve(file))
    throw new CliError(format(s.cli.outputIsInput, { path: file, suffix }));
  if (!inPlace && !values.force && fs.existsSync(output)) throw new CliError(format(s.cli.outputExists, { path: output }));
  const held = inPlace ? InPlaceFile.open(file, s, warn) : null;
  try {
    let input = bytes;
    if (held) {
      const read = held.read();
      input = new Uint8Array(read.buffer, read.byteOffset, read.byteLength);
      checkWorkbook(file, input, s);
    }
    return {
      output,
      input: input!,
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
