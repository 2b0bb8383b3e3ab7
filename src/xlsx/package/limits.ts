/**
 * What a workbook file may hold before it is refused, checked from the zip's directory before a
 * part is inflated and while parts are read: past a limit the action stops with one line naming
 * the limit, never with an exhausted memory or a hang (a zip bomb, a million-row sheet, a crafted
 * part that would build millions of objects, a tab crashed in the browser).
 *
 * Every reader is linear in what it reads, so these bound memory and time together: a file of
 * 50 MB stays within 1 GB and 30 s, whatever it holds (npm run bench: hostile).
 */
import { type Problem, ProblemError } from '../../core/flag/messages';

export const LIMITS = {
  /** Uncompressed size of any one part. */
  partBytes: 512 * 1024 * 1024,
  /** Shared strings are held in memory whole. */
  sharedStringBytes: 256 * 1024 * 1024,
  /** …and so is their number (an empty string still costs an object). */
  sharedStrings: 5_000_000,
  /** A part this large that inflates this many times over its stored size is a zip bomb. */
  bombFloor: 32 * 1024 * 1024,
  bombRatio: 200,
  /**
   * Everything one action inflates, all parts together (a part read twice counts twice): at most
   * this many times the file's size, but never less than `inflatedFloor` nor more than
   * `inflatedBytes`. Parts of 31 MB at 1,000:1 each pass the rule above; a thousand of them do not.
   */
  inflatedRatio: 100,
  inflatedFloor: 256 * 1024 * 1024,
  inflatedBytes: 2 * 1024 * 1024 * 1024,
  entries: 20_000,
  /** Sheets a workbook lists (Excel has no fixed limit; a workbook of more is no ledger's). */
  sheets: 10_000,
  /** Rows of a ledger read to the end (the flag's own benchmark flags 200,000). */
  ledgerRows: 300_000,
  /** The grid, as Excel's own limits (a row of 4294967295 is refused, not walked to). */
  maxRow: 1_048_576,
  maxCol: 16_384,
  /** Elements of a part read as a tree (workbook, relationships, content types). */
  treeElements: 1_000_000,
  /** Entries of one list in styles.xml (cell formats, number formats, fonts …; Excel stops at 64,000). */
  styles: 1_000_000,
  /** Attributes of one element, namespace declarations of one part, characters of one name, nesting. */
  attributes: 10_000,
  namespaces: 10_000,
  nameChars: 1_000,
  depth: 10_000,
  /** The file itself, before it is read (the browser holds it in memory). */
  fileBytes: 512 * 1024 * 1024,
} as const;

export function fail(problem: Problem): never {
  throw new ProblemError(problem);
}

/**
 * What one action may still inflate (see LIMITS.inflatedRatio). Every inflated byte is spent
 * here as it comes out of the inflater, so a lying directory cannot get round it.
 */
export class InflateBudget {
  private used = 0;
  readonly max: number;

  constructor(fileBytes: number) {
    this.max = Math.min(LIMITS.inflatedBytes, Math.max(LIMITS.inflatedFloor, fileBytes * LIMITS.inflatedRatio));
  }

  spend(bytes: number): void {
    this.used += bytes;
    if (this.used > this.max) fail({ kind: 'limit', what: 'inflated', limit: this.max });
  }
}
