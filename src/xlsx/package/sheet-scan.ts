/**
 * One pass over a worksheet's XML as it inflates, never holding the sheet's text: the values of
 * the columns asked for, and where things stand (offsets in the text) so that a later pass can
 * splice cells in without touching anything else. Rows and cells without `r` attributes are
 * numbered as Excel numbers them; elements may carry any prefix (`<x:row>`).
 */
import { columnLetter } from '../../core/address';
import { DATE_1904_OFFSET, fromExcelSerial } from '../../core/dates';
import type { GridValue } from '../../core/ledger/grid';
import { fail, LIMITS } from './limits';
import { decodeCellText } from './xml';
import { attrValue, decodeEntities, XmlStream } from './xml-stream';

/** What reading a cell needs from the rest of the package. */
export interface CellContext {
  sharedString(index: number): string;
  isDate(style: number): boolean;
  date1904: boolean;
}

/** A shared formula a cell belongs to (`<f t="shared" si="…">`); the master has the text and range. */
export interface SharedFormula {
  si: number;
  ref?: string;
  formula?: string;
}

/** A growable array of 32-bit integers (offsets and indices), far smaller than an array of objects. */
class Ints {
  data = new Int32Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i];
  }
}

/** A cell an edit may replace or insert before: its column, its place, its style (-1: none). */
export interface AnchorCell {
  index: number;
  col: number;
  start: number;
  end: number;
  style: number | null;
  shared?: SharedFormula;
}

/**
 * Where each row of a sheet stands, and where its cells at or right of a column stand, kept in
 * typed arrays: 200,000 rows cost a few megabytes, not an object per row and per cell.
 */
export class RowIndex {
  private readonly rowNumber = new Ints();
  private readonly rowStart = new Ints();
  private readonly rowOpenEnd = new Ints();
  private readonly rowCloseStart = new Ints();
  private readonly rowEnd = new Ints();
  private readonly rowCells = new Ints();
  private readonly cellCol = new Ints();
  private readonly cellStart = new Ints();
  private readonly cellEnd = new Ints();
  private readonly cellStyle = new Ints();
  /** Shared-formula cells among the anchored ones, by cell index. */
  readonly shared = new Map<number, SharedFormula>();

  get length(): number {
    return this.rowNumber.length;
  }

  openRow(row: number, start: number, openEnd: number): void {
    this.rowNumber.push(row);
    this.rowStart.push(start);
    this.rowOpenEnd.push(openEnd);
    this.rowCloseStart.push(openEnd);
    this.rowEnd.push(openEnd);
    this.rowCells.push(this.cellCol.length);
  }

  closeRow(closeStart: number, end: number): void {
    const i = this.rowNumber.length - 1;
    this.rowCloseStart.data[i] = closeStart;
    this.rowEnd.data[i] = end;
  }

  addCell(col: number, start: number, end: number, style: number | null, shared?: SharedFormula): void {
    if (shared) this.shared.set(this.cellCol.length, shared);
    this.cellCol.push(col);
    this.cellStart.push(start);
    this.cellEnd.push(end);
    this.cellStyle.push(style ?? -1);
  }

  row(i: number): RowAnchor {
    const selfClosing = this.rowCloseStart.get(i) === this.rowEnd.get(i) && this.rowOpenEnd.get(i) === this.rowEnd.get(i);
    return {
      row: this.rowNumber.get(i),
      start: this.rowStart.get(i),
      openEnd: this.rowOpenEnd.get(i),
      closeStart: this.rowCloseStart.get(i),
      end: this.rowEnd.get(i),
      selfClosing,
      firstCell: this.rowCells.get(i),
      lastCell: i + 1 < this.rowNumber.length ? this.rowCells.get(i + 1) : this.cellCol.length,
    };
  }

  /** A cell's column and place, without making its AnchorCell (the writing pass asks for every written cell). */
  colAt(index: number): number {
    return this.cellCol.get(index);
  }

  startAt(index: number): number {
    return this.cellStart.get(index);
  }

  rowNumberAt(i: number): number {
    return this.rowNumber.get(i);
  }

  cell(index: number): AnchorCell {
    const style = this.cellStyle.get(index);
    const shared = this.shared.get(index);
    return {
      index,
      col: this.cellCol.get(index),
      start: this.cellStart.get(index),
      end: this.cellEnd.get(index),
      style: style < 0 ? null : style,
      ...(shared ? { shared } : {}),
    };
  }

  /** The position of a row among the sheet's rows (rows stand in ascending order), or -1. */
  find(row: number): number {
    let lo = 0;
    let hi = this.rowNumber.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.rowNumber.get(mid);
      if (r === row) return mid;
      if (r < row) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

export interface RowAnchor {
  row: number;
  start: number;
  openEnd: number;
  /** `<` of `</row>`; equal to `end` for `<row/>`. */
  closeStart: number;
  end: number;
  selfClosing: boolean;
  /** The row's anchored cells are the cell indices firstCell … lastCell - 1. */
  firstCell: number;
  lastCell: number;
}

/** A child of `<worksheet>`: its place and, except for sheetData, its text. */
export interface TopElement {
  local: string;
  start: number;
  openEnd: number;
  closeStart: number;
  end: number;
  selfClosing: boolean;
  text: string;
}

export interface ScanOptions {
  /** The sheet's name, for a message. */
  part?: string;
  /** Read no further than this row (a sheet's top rows). */
  maxRow?: number;
  /** Columns whose values are read; all when absent. */
  readCols?: ReadonlySet<number>;
  /** Record every row's place, and the cells at or right of this column. */
  anchorFrom?: number;
  /** Keep the style index of every cell in these rows (a header whose look a new column copies). */
  styleRows?: ReadonlySet<number>;
  /** Keep each read cell's formula text. */
  formulas?: boolean;
  /** Refuse the sheet past this many rows. */
  rowLimit?: number;
  /** Find the last column holding a value from this row down (`lastValueCol`). */
  valuesFromRow?: number;
  /** Find the last row holding a value outside these columns (`lastValueRow`). */
  valueRowsExcept?: ReadonlySet<number>;
}

export interface SheetScan {
  /** The sheet's name ('' when not given). */
  sheet: string;
  /** By row (index row - 1); sparse: rows without a read cell are holes. */
  rows: GridValue[][];
  /** Style indices of the cells in `styleRows`. */
  styles: (number | null)[][];
  /** A1 → formula text (without '='), for read cells with a formula of their own. */
  formulas: Record<string, string>;
  /** A1 addresses of read formula cells that carry no computed value. */
  uncomputed: string[];
  top: TopElement[];
  /** Every row's place and its cells at or right of `anchorFrom` (empty without `anchorFrom`). */
  index: RowIndex;
  /** The largest shared-formula index in the sheet (-1: none). */
  maxSi: number;
  /** The last row and column holding a cell. */
  lastRow: number;
  lastCol: number;
  /** The last column holding a value or formula from `valuesFromRow` down (0: none, or not asked). */
  lastValueCol: number;
  /** The last row holding a value or formula outside `valueRowsExcept` (0: none, or not asked). */
  lastValueRow: number;
  /** The main namespace's prefix with its colon ('' for none). */
  prefix: string;
  /** The whole sheet was read (not stopped at maxRow). */
  complete: boolean;
}

/** Column of an A1 reference's letters. */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + c - 64;
    else if (c >= 97 && c <= 122) n = n * 26 + c - 96;
    else break;
    if (n > LIMITS.maxCol) return n;
  }
  return n;
}

const MIN_SERIAL = 61;
const MAX_SERIAL = 2_958_465;
const CODES = new Uint16Array(4096);

/**
 * A string cut out of a large chunk keeps the whole chunk alive in V8; this gives it a flat copy
 * of its own (short strings are copied by V8 already; a cons-and-slice copy costs 30% more memory).
 */
export function detach(text: string): string {
  const n = text.length;
  if (n <= 12) return text;
  if (n > CODES.length) return (' ' + text).slice(1);
  for (let i = 0; i < n; i++) CODES[i] = text.charCodeAt(i);
  return String.fromCharCode.apply(null, CODES.subarray(0, n) as unknown as number[]);
}

/** One value object per date: a ledger's dates repeat, and 200,000 rows would otherwise hold 200,000 copies. */
const DATES = new Map<number, GridValue>();

function numberValue(text: string, style: number | null, ctx: CellContext): GridValue {
  const n = Number(text);
  if (!Number.isFinite(n)) return detach(text);
  if (style !== null && ctx.isDate(style)) {
    const serial = Math.floor(ctx.date1904 ? n + DATE_1904_OFFSET : n);
    // A phone number in a date-formatted cell stays a number: no date is made up from it. Serials
    // before 1900-03-01 (Excel's invented 1900-02-29 among them) are not taken for dates either.
    if (serial >= MIN_SERIAL && serial <= MAX_SERIAL) {
      let date = DATES.get(serial);
      if (!date) DATES.set(serial, (date = { date: fromExcelSerial(serial) }));
      return date;
    }
  }
  return n;
}

/** A cell's r, s and t attributes (undefined: absent), as readCellTag last found them. */
const cellTag: { r?: string; s?: string; t?: string } = {};

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/**
 * Reads a `<c>` start tag's attributes (between `from` and `to` of `s`) in one pass: three
 * attrValue searches of every tag cost the ledger's scan about a sixth of its time. A tag that is
 * not a plain list of name="value" is left to attrValue, as before.
 */
function readCellTag(s: string, from: number, to: number): void {
  cellTag.r = cellTag.s = cellTag.t = undefined;
  let i = from;
  while (i < to) {
    let c = s.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < to && (c = s.charCodeAt(i)) !== 61 /* = */ && !isSpace(c)) i++;
    const nameEnd = i;
    while (i < to && isSpace(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) !== 61) return readCellTagSlowly(s, from, to);
    i++;
    while (i < to && isSpace(s.charCodeAt(i))) i++;
    const quote = s.charCodeAt(i);
    if (quote !== 34 && quote !== 39) return readCellTagSlowly(s, from, to);
    const end = s.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (end < 0 || end >= to) return readCellTagSlowly(s, from, to);
    if (nameEnd - nameStart === 1) {
      const name = s.charCodeAt(nameStart);
      if (name === 114 /* r */) cellTag.r = decodeEntities(s.slice(i + 1, end));
      else if (name === 115 /* s */) cellTag.s = decodeEntities(s.slice(i + 1, end));
      else if (name === 116 /* t */) cellTag.t = decodeEntities(s.slice(i + 1, end));
    }
    i = end + 1;
  }
}

function readCellTagSlowly(s: string, from: number, to: number): void {
  cellTag.r = attrValue(s, from, to, 'r');
  cellTag.s = attrValue(s, from, to, 's');
  cellTag.t = attrValue(s, from, to, 't');
}

export type Feed = (onText: (text: string) => boolean | void) => void;

/** Pieces fed to the tokenizer at a time, so that a read stopped at its top rows stops soon. */
const PIECE = 64 * 1024;

export function scanSheet(feed: Feed, ctx: CellContext, o: ScanOptions = {}): SheetScan {
  const scan: SheetScan = {
    sheet: o.part ?? '',
    rows: [],
    styles: [],
    formulas: {},
    uncomputed: [],
    top: [],
    index: new RowIndex(),
    maxSi: -1,
    lastRow: 0,
    lastCol: 0,
    lastValueCol: 0,
    lastValueRow: 0,
    prefix: '',
    complete: true,
  };
  const anchors = o.anchorFrom !== undefined;
  const width = o.readCols?.size ? Math.max(...o.readCols) : 0;
  const anchorFrom = o.anchorFrom ?? Infinity;
  const maxRow = o.maxRow ?? Infinity;
  const valuesFromRow = o.valuesFromRow ?? Infinity;

  // The text from `bufferStart` on: what a top-level element's text is cut from.
  let buffer = '';
  let bufferStart = 0;
  // The piece being tokenized, where it starts, and how much has been fed.
  let piece0 = '';
  let pieceStart = 0;
  let streamAt = 0;
  /** The text of [start, end): from the buffer, or from the piece when the buffer was not kept. */
  const textOf = (start: number, end: number) =>
    start >= pieceStart && bufferStart + buffer.length <= pieceStart
      ? piece0.slice(start - pieceStart, end - pieceStart)
      : buffer.slice(start - bufferStart, end - bufferStart);
  /** Where the last tag ended: text before it is never needed again. */
  let lastEnd = 0;
  let inSheetData = false;

  let rowNumber = 0;
  let rowCount = 0;
  let anchoring = false;
  let col = 0;
  // The cell being read.
  let cellStart = 0;
  let cellType = '';
  let cellStyle: number | null = null;
  let cellRead = false;
  let value = '';
  let hasValue = false;
  let formula = '';
  let hasFormula = false;
  let shared: SharedFormula | undefined;
  let inline = '';
  let textTarget = 0; // 1: <v>, 2: <f>, 3: <t> of an inline string
  let phonetic = 0;
  let top: TopElement | null = null;
  let rootSeen = false;

  const stream: XmlStream = new XmlStream(
    {
      open(local, name, s, from, to, selfClosing, start, end) {
        lastEnd = end;
        const depth = stream.depth + (selfClosing ? 1 : 0);
        if (depth === 1) {
          // An XML document has one root: a second is a damaged part, not walked to its end.
          if (rootSeen) fail({ kind: 'notXlsx' });
          rootSeen = true;
          const i = name.indexOf(':');
          scan.prefix = i < 0 ? '' : name.slice(0, i + 1);
          return;
        }
        if (depth === 2) {
          top = { local, start, openEnd: end, closeStart: end, end, selfClosing, text: '' };
          if (local === 'sheetData') inSheetData = !selfClosing;
          return;
        }
        if (!inSheetData) return;
        if (depth === 3) {
          if (local !== 'row') return;
          const r = attrValue(s, from, to, 'r');
          rowNumber = r ? Number(r) : rowNumber + 1;
          // Past Excel's last row nothing can be placed: refused, not walked to.
          if (rowNumber > LIMITS.maxRow) fail({ kind: 'limit', what: 'rowNumber', limit: LIMITS.maxRow, part: o.part ?? '' });
          if (!(rowNumber >= 1)) fail({ kind: 'notXlsx' });
          col = 0;
          if (rowNumber > maxRow) {
            stream.stopped = true;
            scan.complete = false;
            return;
          }
          // Rows read, not row numbers: a sheet may format its last row (1048576) and hold 40.
          if (o.rowLimit && ++rowCount > o.rowLimit) fail({ kind: 'limit', what: 'rows', limit: o.rowLimit });
          if (anchors) {
            scan.index.openRow(rowNumber, start, end);
            anchoring = true;
          }
          if (rowNumber > scan.lastRow) scan.lastRow = rowNumber;
          return;
        }
        if (depth === 4) {
          if (local !== 'c') return;
          readCellTag(s, from, to);
          col = cellTag.r ? columnOf(cellTag.r) : col + 1;
          if (col > LIMITS.maxCol) fail({ kind: 'limit', what: 'colNumber', limit: LIMITS.maxCol, part: o.part ?? '' });
          cellStart = start;
          cellType = cellTag.t ?? '';
          cellStyle = cellTag.s !== undefined ? Number(cellTag.s) : null;
          cellRead = !o.readCols || o.readCols.has(col);
          value = '';
          hasValue = false;
          formula = '';
          hasFormula = false;
          shared = undefined;
          inline = '';
          if (col > scan.lastCol) scan.lastCol = col;
          return;
        }
        if (depth === 5) {
          if (local === 'v') {
            textTarget = 1;
            hasValue = true;
          } else if (local === 'f') {
            textTarget = 2;
            hasFormula = true;
            if (attrValue(s, from, to, 't') === 'shared') {
              const si = attrValue(s, from, to, 'si');
              if (si !== undefined) {
                if (Number(si) > scan.maxSi) scan.maxSi = Number(si);
                shared = { si: Number(si), ref: attrValue(s, from, to, 'ref') };
              }
            }
          } else if (local === 'is') hasValue = true;
          return;
        }
        if (local === 'rPh') phonetic++;
        else if (local === 't') textTarget = 3;
      },
      close(local, start, end) {
        lastEnd = end;
        const depth = stream.depth + 1;
        if (depth === 2) {
          if (top) {
            top.closeStart = top.selfClosing ? end : start;
            top.end = end;
            if (top.local !== 'sheetData') top.text = detach(textOf(top.start, end));
            scan.top.push(top);
            top = null;
          }
          inSheetData = false;
          return;
        }
        if (!inSheetData) return;
        if (depth === 3) {
          if (anchoring && local === 'row') {
            // A self-closing row was recorded whole at its start tag.
            if (start !== end) scan.index.closeRow(start, end);
            anchoring = false;
          }
          return;
        }
        if (depth === 4) {
          if (local !== 'c') return;
          if (anchoring && col >= anchorFrom) {
            if (shared && shared.ref !== undefined) shared.formula = detach(decodeEntities(formula));
            scan.index.addCell(col, cellStart, end, cellStyle, shared);
          }
          if (cellRead) readCell();
          if (hasFormula || (hasValue && (value !== '' || inline !== ''))) {
            if (rowNumber >= valuesFromRow && col > scan.lastValueCol) scan.lastValueCol = col;
            if (o.valueRowsExcept && rowNumber > scan.lastValueRow && !o.valueRowsExcept.has(col)) scan.lastValueRow = rowNumber;
          }
          if (o.styleRows?.has(rowNumber)) (scan.styles[rowNumber - 1] ??= [])[col - 1] = cellStyle;
          return;
        }
        if (depth === 5) textTarget = 0;
        else if (local === 'rPh') phonetic--;
        else if (local === 't') textTarget = 0;
      },
      text(s, from, to, cdata) {
        if (!textTarget || (textTarget === 3 && phonetic)) return;
        const t = cdata ? s.slice(from, to) : decodeEntities(s.slice(from, to));
        if (textTarget === 1) value += t;
        else if (textTarget === 2) formula += t;
        else inline += t;
      },
    },
    o.part ?? '',
  );

  function readCell(): void {
    let v: GridValue = null;
    if (hasFormula && !hasValue) {
      scan.uncomputed.push(`${columnLetter(col)}${rowNumber}`);
    } else if (cellType === 's') {
      v = hasValue ? ctx.sharedString(Number(value)) : null;
    } else if (cellType === 'inlineStr') {
      v = detach(decodeCellText(inline));
    } else if (cellType === 'str' || cellType === 'e') {
      v = detach(value);
    } else if (cellType === 'b') {
      v = value.trim() === '1' || value.trim() === 'true';
    } else if (cellType === 'd') {
      const m = /^(\d{4}-\d{2}-\d{2})/.exec(value);
      v = m ? { date: m[1] } : detach(value);
    } else if (hasValue && value !== '') {
      v = numberValue(value, cellStyle, ctx);
    }
    // Sized once to the widest column read: grown cell by cell, 200,000 rows would take twice the room.
    const row = (scan.rows[rowNumber - 1] ??= width ? new Array(width) : []);
    row[col - 1] = v;
    if (o.formulas && hasFormula && formula) scan.formulas[`${columnLetter(col)}${rowNumber}`] = detach(decodeEntities(formula));
  }

  feed((text) => {
    for (let at = 0; at < text.length && !stream.stopped; at += PIECE) {
      const piece = at === 0 && text.length <= PIECE ? text : text.slice(at, at + PIECE);
      piece0 = piece;
      pieceStart = streamAt;
      streamAt += piece.length;
      // Inside sheetData no text is ever cut out: the piece is not copied into the buffer.
      const wasIn = inSheetData;
      if (!wasIn) buffer += piece;
      stream.write(piece);
      const keepFrom = top && (top as TopElement).local !== 'sheetData' ? (top as TopElement).start : lastEnd;
      if (wasIn) {
        buffer = inSheetData ? '' : piece.slice(Math.max(0, keepFrom - pieceStart));
        bufferStart = inSheetData ? streamAt : Math.max(keepFrom, pieceStart);
      } else if (keepFrom > bufferStart) {
        buffer = buffer.slice(keepFrom - bufferStart);
        bufferStart = keepFrom;
      }
    }
    return !stream.stopped;
  });
  if (!stream.stopped) stream.end();
  // Rows exist where a read cell stands; a row without one is a hole, read as empty (a sheet that
  // formats its row 1048576 must not cost a million empty rows).
  return scan;
}
