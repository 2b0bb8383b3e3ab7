/**
 * What a workbook file may hold before it is refused, checked from the zip's directory before a
 * part is inflated and while a sheet is read: past a limit the action stops with one line, never
 * with an exhausted memory (a zip bomb, a million-row sheet, a tab crashed in the browser).
 */
import { type Problem, ProblemError } from '../../core/flag/messages';

export const LIMITS = {
  /** Uncompressed size of any one part. */
  partBytes: 512 * 1024 * 1024,
  /** Shared strings are held in memory whole. */
  sharedStringBytes: 256 * 1024 * 1024,
  /** A part this large that inflates this many times over its stored size is a zip bomb. */
  bombFloor: 32 * 1024 * 1024,
  bombRatio: 200,
  entries: 20_000,
  /** Rows of a ledger read to the end (the flag's own benchmark flags 200,000). */
  ledgerRows: 300_000,
  /** The file itself, before it is read (the browser holds it in memory). */
  fileBytes: 512 * 1024 * 1024,
} as const;

export function fail(problem: Problem): never {
  throw new ProblemError(problem);
}
