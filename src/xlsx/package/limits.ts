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
  /**
   * A part this large that inflates this many times over its stored size is a zip bomb. Deflate
   * cannot pass 1,032:1; real sheets reach 250:1 (Excel's own: SheetJS's large_strings.xlsx) and
   * 400:1 (identical rows without numbers), so this only refuses what no producer writes.
   */
  bombFloor: 32 * 1024 * 1024,
  bombRatio: 1_000,
  /**
   * Everything one action inflates, all parts together (a part read twice counts once): at most
   * this many times the file's size, but never less than `inflatedFloor` (any one part up to its
   * limit) nor more than `inflatedBytes`. Parts of 31 MB at 1,000:1 pass the rule above, but forty
   * of them do not pass this one: it is what bounds time, whatever the parts claim.
   */
  inflatedRatio: 200,
  inflatedFloor: 512 * 1024 * 1024,
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
 * What one action may still inflate (see LIMITS.inflatedRatio). Every inflated byte is counted as
 * it comes out of the inflater, so a lying directory cannot get round it; a part read again counts
 * only past what it gave before.
 */
export class InflateBudget {
  private used = 0;
  private readonly seen = new Map<string, number>();
  readonly max: number;

  constructor(fileBytes: number) {
    this.max = Math.min(LIMITS.inflatedBytes, Math.max(LIMITS.inflatedFloor, fileBytes * LIMITS.inflatedRatio));
  }

  /** `total`: how much this reading of `part` has inflated so far. */
  spend(part: string, total: number): void {
    const before = this.seen.get(part) ?? 0;
    if (total <= before) return;
    this.seen.set(part, total);
    this.used += total - before;
    if (this.used > this.max) fail({ kind: 'limit', what: 'inflated', limit: this.max });
  }
}
