/**
 * A strict test double of the Excel JavaScript API subset in src/excel/api.ts. It behaves like
 * Excel where the renderer's correctness depends on it:
 * - proxy objects: writes are queued and run at `context.sync()`, in order; a property can be
 *   read only after `load` and a sync (else PropertyNotLoaded, as in Office.js);
 * - the first failing operation fails the sync with Excel's error code (ItemNotFound,
 *   InvalidArgument, AccessDenied...); the operations before it stay applied, as in Excel;
 * - 2-D arrays must match the range's size; `null` leaves a cell unchanged; a string is read
 *   as Excel reads typed input ("=..." a formula, "12" a number, "'..." literal text);
 * - Excel on the web's 5 MB limit on a request and on a response;
 * - protected sheets and workbooks, read-only workbooks;
 * - references bound when entered: a formula naming a sheet that does not exist yet becomes a
 *   link to another workbook ('[1]Sheet'!A1) and a missing name gives #NAME?, as in Excel; a
 *   list validation whose source does not exist is refused (InvalidArgument). Every such
 *   forward reference is recorded in `forwardReferences`;
 * - renaming a sheet rewrites the formulas and names that refer to it; deleting it turns them
 *   into #REF!;
 * - table auto-expansion: a value or formula written into the row directly below or the column
 *   directly right of a table pulls that row or column into the table (Excel's AutoCorrect
 *   option "Include new rows and columns in table", on by default, applies to add-in writes,
 *   see OfficeDev/office-js#6745; AutoCorrect.AutoExpandListRange in Excel's VBA reference), and
 *   calculated columns ("Fill formulas in tables to create calculated columns",
 *   AutoCorrect.AutoFillFormulasInLists), number formats and validation follow into the new rows.
 *   Both options can be off (`autoCorrect`): then nothing joins a table, or no formula follows;
 * - cell-edit mode: while a user edits a cell, every batch fails with InvalidOperationInCellEditMode
 *   unless it was run with `delayForCellEdit` (Excel.RunOptions), which waits until editing ends,
 *   and only where the host supports that option (office.js drops it elsewhere);
 * - a method called on a null object (from an …OrNullObject call) fails;
 * - the 1904 date system: `functions.date` answers in the workbook's system, and a worksheet
 *   function can answer with an error instead of a value (FunctionResult.error);
 * - `Excel.createWorkbook(base64)` (ExcelApi 1.8): recorded, refused as Excel refuses it, and the
 *   platform the pane runs on (`platform`: Mac's webview downloads no blobs, see browser-office.ts).
 * It does not calculate: a formula cell reads as "" (LibreOffice proves the formulas).
 */
import { columnLetter, splitSheetRef } from '../core/address';
import type {
  ChartApi,
  ConditionalFormatApi,
  ContextApi,
  DataValidationApi,
  NamedItemApi,
  NamedItemCollectionApi,
  PageLayoutApi,
  RangeApi,
  RangeAreasApi,
  RangeBorderApi,
  RangeFormatApi,
  TableApi,
  WorkbookApi,
  WorksheetApi,
  WorksheetCollectionApi,
} from '../excel/api';
import { shiftFormula } from '../core/formula-shift';
import { quotedSheet, referencesIn, replaceSheetReferences } from './references';
import {
  type AutoCorrectOptions,
  type Bounds,
  boundsOf,
  type CellState,
  type CellStyleState,
  type ConditionalFormatState,
  key,
  MAX_COLS,
  MAX_ROWS,
  type NameState,
  newSheet,
  newWorkbook,
  type SheetState,
  type TableState,
  type WorkbookState,
} from './state';

export const WEB_PAYLOAD_LIMIT = 5 * 1024 * 1024;

export class OfficeJsError extends Error {
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  constructor(
    readonly code: string,
    message: string,
    location?: string,
  ) {
    super(message);
    this.name = 'RichApi.Error';
    this.debugInfo = { code, message, errorLocation: location };
  }
}

/** A reference to a sheet or name that did not exist when the operation ran. */
export interface ForwardReference {
  location: string;
  kind: 'sheet' | 'name';
  target: string;
}

const fail = (code: string, message: string, location?: string): never => {
  throw new OfficeJsError(code, message, location);
};

/** Bytes of a Base64 text, or null where it is not Base64 (atob is in browsers and Node ≥ 16). */
function decodeBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const isZip = (b: Uint8Array) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function payloadBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value) ?? '');
}

interface Op {
  run(): void;
  bytes: number;
  location: string;
}

export interface SyncRecord {
  operations: number;
  requestBytes: number;
  responseBytes: number;
}

/** Office.context.diagnostics.platform values the double plays (Office.PlatformType). */
export type DoublePlatform = 'PC' | 'Mac' | 'OfficeOnline';

export interface DoubleOptions {
  sheets?: string[];
  date1904?: boolean;
  /** The user's AutoCorrect options for tables (both on unless given). */
  autoCorrect?: Partial<AutoCorrectOptions>;
  /** Excel on the web's request and response limit; Infinity for desktop Excel. */
  payloadLimit?: number;
  /** Where Excel runs (default PC): Mac's webview does not download blobs (see browser-office.ts). */
  platform?: DoublePlatform;
  /**
   * Whether the host honours Excel.RunOptions.delayForCellEdit (default true). office.js sends the
   * option only where the host reports the `DelayForCellEdit` capability (it checks
   * `isSetSupported("DelayForCellEdit")` before setting the request flag, in
   * @microsoft/office-js excel-win32-16.01.js); elsewhere the option is dropped and a batch
   * during cell edit fails as without it. Microsoft's reference ties the option to no ExcelApi set.
   */
  delayForCellEdit?: boolean;
  /** The highest ExcelApi 1.x the host supports (default 20): createWorkbook needs 1.8. */
  excelApi?: number;
}

/** A workbook opened by Excel.createWorkbook, as the double recorded it. */
export interface CreatedWorkbook {
  bytes: Uint8Array;
}

/** The workbook, shared by every context opened on it (like one open file). */
export class ExcelDouble {
  readonly state: WorkbookState;
  readonly syncs: SyncRecord[] = [];
  payloadLimit: number;
  /** Fault injection: the next operation whose location matches fails with `failCode` (once, as a dropped request would). */
  failOn: RegExp | null = null;
  /** The code of the injected failure: GeneralException unless a test names another Office.js code. */
  failCode = 'GeneralException';
  /** Every operation that referred to a sheet or name before it existed, in order. */
  readonly forwardReferences: ForwardReference[] = [];
  /**
   * Fault injection: worksheet functions (workbook.functions) answer with this error instead of a
   * value. Excel.FunctionResult documents `error` ("Error value (such as "#DIV/0") … If the error
   * string is not set, then the function succeeded") and `value` ("populated only if no error has
   * occurred"): https://learn.microsoft.com/javascript/api/excel/excel.functionresult
   */
  functionError: string | null = null;
  /** Every workbook Excel.createWorkbook opened, in order. */
  readonly createdWorkbooks: CreatedWorkbook[] = [];
  readonly platform: DoublePlatform;
  readonly delayForCellEditSupported: boolean;
  readonly excelApi: number;
  private nextId: number;
  private editEnded: (() => void)[] = [];

  constructor(options: DoubleOptions = {}) {
    this.state = newWorkbook(options.sheets ?? ['Sheet1']);
    this.state.date1904 = options.date1904 ?? false;
    this.state.autoCorrect = { ...this.state.autoCorrect, ...options.autoCorrect };
    this.nextId = this.state.sheets.length + 1;
    this.platform = options.platform ?? 'PC';
    this.payloadLimit = options.payloadLimit ?? WEB_PAYLOAD_LIMIT;
    this.delayForCellEditSupported = options.delayForCellEdit ?? true;
    this.excelApi = options.excelApi ?? 20;
  }

  context(options: { delayForCellEdit?: boolean } = {}): DoubleContext {
    return new DoubleContext(this, (options.delayForCellEdit ?? false) && this.delayForCellEditSupported);
  }

  /**
   * `Excel.createWorkbook(base64File)` (ExcelApi 1.8): "Creates and opens a new workbook.
   * Optionally, the workbook can be pre-populated with a Base64-encoded .xlsx file."
   * (https://learn.microsoft.com/javascript/api/excel#excel-excel-createworkbook-function(1)).
   * As in Excel:
   * - below ExcelApi 1.8 office.js throws ApiNotFound before sending anything
   *   (OfficeExtension.Utility.throwIfApiNotSupported("Excel.createWorkbook", "ExcelApi", "1.8"));
   * - office.js runs it in a batch of its own with delayForCellEdit, so it waits while a cell is
   *   being edited;
   * - the file travels in the request: past the request limit (5 MB on the web, "Resource limits
   *   and performance optimization for Office Add-ins") it fails with RequestPayloadSizeLimitExceeded;
   * - what is not a Base64 .xlsx is refused with InvalidArgument, the error Excel gives for a file it
   *   will not open (OfficeDev/office-js#2537: "The argument is invalid, missing or has an
   *   incorrect format.").
   * The new workbook opens in a window of its own, unsaved (on Mac behind the current one,
   * OfficeDev/office-js#6943); the double records its bytes.
   */
  async createWorkbook(base64File?: string): Promise<void> {
    if (this.excelApi < 8)
      fail('ApiNotFound', 'The API you are trying to use could not be found. It may be available in a newer version of Excel.', 'Excel.createWorkbook');
    await Promise.resolve();
    if (this.state.cellEditing) await this.whenCellEditEnds();
    const text = base64File ?? '';
    if (utf8Length(text) + 40 > this.payloadLimit)
      fail('RequestPayloadSizeLimitExceeded', 'The request payload size has exceeded the limit.', 'Excel.createWorkbook');
    // Without a file Excel opens an empty workbook: recorded with no bytes.
    const bytes = text ? decodeBase64(text) : new Uint8Array(0);
    if (!bytes || (text && !isZip(bytes))) fail('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.', 'Excel.createWorkbook');
    this.createdWorkbooks.push({ bytes: bytes! });
  }

  /** `Excel.run` for the double, with or without Excel.RunOptions. */
  async run<T>(batch: (context: DoubleContext) => Promise<T>): Promise<T>;
  async run<T>(options: { delayForCellEdit?: boolean }, batch: (context: DoubleContext) => Promise<T>): Promise<T>;
  async run<T>(a: unknown, b?: (context: DoubleContext) => Promise<T>): Promise<T> {
    if (typeof a === 'function') return (a as (context: DoubleContext) => Promise<T>)(this.context());
    return b!(this.context(a as { delayForCellEdit?: boolean }));
  }

  /** A user starts typing in a cell (test helper). */
  beginCellEdit(): void {
    this.state.cellEditing = true;
  }

  /** The user presses Enter or Esc: delayed batches go on. */
  endCellEdit(): void {
    this.state.cellEditing = false;
    const waiting = this.editEnded;
    this.editEnded = [];
    for (const go of waiting) go();
  }

  whenCellEditEnds(): Promise<void> {
    return new Promise((resolve) => this.editEnded.push(resolve));
  }

  /**
   * A user types into cells of a sheet (test helper): the same typed-input rules and table
   * auto-expansion as a write from an add-in, without going through a batch.
   */
  typeInto(sheetName: string, address: string, grid: (string | number | boolean | null)[][]): void {
    writeGridInto(this, this.sheet(sheetName), boundsOf(address), grid, 'formulas');
  }

  newSheetId(): number {
    return this.nextId++;
  }

  sheet(name: string): SheetState {
    const s = this.state.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  /** Test helper: the cell as stored (not an Office.js call). */
  cell(sheetName: string, address: string): CellState | undefined {
    const b = boundsOf(address);
    return this.sheet(sheetName).cells.get(key(b.r1, b.c1));
  }
}

export class DoubleContext implements ContextApi {
  readonly workbook: DoubleWorkbook;
  private queue: Op[] = [];
  private responseBytes = 0;

  constructor(
    readonly double: ExcelDouble,
    private readonly delayForCellEdit = false,
  ) {
    this.workbook = new DoubleWorkbook(this);
  }

  get state(): WorkbookState {
    return this.double.state;
  }

  enqueue(run: () => void, bytes: number, location: string): void {
    this.queue.push({ run, bytes: bytes + 40, location });
  }

  respond(value: unknown): void {
    this.responseBytes += payloadBytes(value);
  }

  async sync(): Promise<void> {
    const ops = this.queue;
    this.queue = [];
    this.responseBytes = 0;
    const requestBytes = ops.reduce((n, op) => n + op.bytes, 0);
    this.double.syncs.push({ operations: ops.length, requestBytes, responseBytes: 0 });
    await Promise.resolve();
    if (this.state.cellEditing) {
      // Excel.RunOptions.delayForCellEdit: "When false, if the user is in cell edit when the batch
      // request is processed by the host, the batch automatically fails." The code is Excel's own
      // InvalidOperationInCellEditMode ("The operation isn't available while Excel is in Edit cell
      // mode", https://learn.microsoft.com/office/dev/add-ins/testing/application-specific-api-error-handling),
      // as reported from Excel in OfficeDev/office-js#625 and #3388. (The article "Delay execution
      // while cell is being edited" says InvalidOperation; the error-code list and the reports agree
      // on the specific code, so the double gives that one.)
      if (!this.delayForCellEdit)
        fail(
          'InvalidOperationInCellEditMode',
          'Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.',
        );
      await this.double.whenCellEditEnds();
    }
    if (requestBytes > this.double.payloadLimit) fail('RequestPayloadSizeLimitExceeded', 'The request payload size has exceeded the limit.');
    for (const op of ops) {
      try {
        if (this.double.failOn?.test(op.location)) {
          this.double.failOn = null;
          fail(this.double.failCode, 'An internal error has occurred.');
        }
        op.run();
      } catch (error) {
        // Excel names the failing API member (Range.values, WorksheetCollection.add...) where it can.
        if (error instanceof OfficeJsError) throw new OfficeJsError(error.code, error.message, error.debugInfo.errorLocation ?? op.location);
        throw error;
      }
    }
    this.double.syncs[this.double.syncs.length - 1].responseBytes = this.responseBytes;
    if (this.responseBytes > this.double.payloadLimit) fail('ResponsePayloadSizeLimitExceeded', 'The response payload size has exceeded the limit.');
  }

  /** Writes are refused on a read-only workbook, as Excel refuses edits in viewing mode. */
  checkWritable(location: string): void {
    if (this.state.readOnly) fail('AccessDenied', 'The workbook is read-only.', location);
  }

  /** The sheets and names of `formula` that do not exist now, recorded as forward references. */
  unresolved(formula: string, location: string): { sheets: string[]; names: string[] } {
    return unresolvedIn(this.double, formula, location);
  }
}

function unresolvedIn(double: ExcelDouble, formula: string, location: string): { sheets: string[]; names: string[] } {
  const wb = double.state;
  const refs = referencesIn(formula);
  const sheets = refs.sheets.filter((n) => !wb.sheets.some((s) => s.name.toLowerCase() === n.toLowerCase()));
  const names = refs.names.filter(
    (n) => !wb.names.some((x) => x.name.toLowerCase() === n.toLowerCase()) && !wb.tables.some((t) => t.name.toLowerCase() === n.toLowerCase()),
  );
  for (const target of sheets) double.forwardReferences.push({ location, kind: 'sheet', target });
  for (const target of names) double.forwardReferences.push({ location, kind: 'name', target });
  return { sheets, names };
}

/** References to missing sheets become links to another workbook, as Excel enters them. */
function asExternal(formula: string, sheets: string[]): string {
  return sheets.reduce((f, name) => replaceSheetReferences(f, name, (r) => `${quotedSheet(`[1]${name}`)}!${r}`), formula);
}

/** Every formula of the workbook (cells, names, rules, list sources) through `change`. */
function rewriteFormulas(wb: WorkbookState, change: (formula: string) => string): void {
  for (const sheet of wb.sheets) {
    for (const cell of sheet.cells.values()) {
      if (cell.formula !== undefined) cell.formula = change(cell.formula);
      const list = (cell.validation?.rule as { list?: { source?: unknown } } | undefined)?.list;
      if (list && typeof list.source === 'string' && list.source.startsWith('='))
        cell.validation = { ...cell.validation!, rule: { list: { ...list, source: `=${change(list.source.slice(1))}` } } as Excel.DataValidationRule };
    }
    for (const cf of sheet.conditionalFormats) if (cf.formula !== undefined) cf.formula = change(cf.formula);
  }
  for (const n of wb.names) n.formula = `=${change(n.formula.slice(1))}`;
}

/** Base of every proxy: loaded properties, PropertyNotLoaded before load and sync. */
abstract class Proxy {
  protected loaded = new Map<string, unknown>();
  constructor(
    readonly ctx: DoubleContext,
    protected readonly label: string,
  ) {}

  get labelText(): string {
    return this.label;
  }

  protected prop<T>(name: string): T {
    if (!this.loaded.has(name)) {
      fail(
        'PropertyNotLoaded',
        `The property '${name}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
        this.label,
      );
    }
    return this.loaded.get(name) as T;
  }

  /** The current value of a property in the workbook (at the load's place in the batch). */
  protected abstract read(name: string): unknown;

  protected child(_name: string): Proxy | null {
    return null;
  }

  snapshot(path: string): void {
    const [head, ...rest] = path.split('/');
    if (rest.length) {
      const c = this.child(head);
      if (!c) fail('InvalidArgument', `Cannot load '${path}'.`, this.label);
      c!.snapshot(rest.join('/'));
      return;
    }
    const value = this.read(head);
    this.loaded.set(head, value);
    this.ctx.respond(value);
  }

  load(propertyNames?: string | string[]): this {
    const names = (Array.isArray(propertyNames) ? propertyNames : (propertyNames ?? '').split(',')).map((n) => n.trim()).filter(Boolean);
    this.ctx.enqueue(() => this.runLoad(names), payloadBytes(names), `${this.label}.load`);
    return this;
  }

  protected runLoad(names: string[]): void {
    for (const n of names) this.snapshot(n);
  }
}

/** A collection: loading `items/x` loads x on every item present at that point of the batch. */
abstract class DoubleCollection<T extends Proxy> extends Proxy {
  protected abstract currentItems(): T[];
  protected read(name: string): unknown {
    return fail('InvalidArgument', `Unknown property ${name}`, this.label);
  }
  protected runLoad(names: string[]): void {
    const paths = names.map((n) => n.replace(/^items\//, '')).filter((p) => p !== 'items');
    const items = this.currentItems();
    for (const item of items) for (const p of paths) item.snapshot(p);
    this.loaded.set('items', items);
  }
  get items(): T[] {
    return this.prop('items');
  }
}

// ---------------------------------------------------------------- worksheets

type SheetRef = () => SheetState | null;

export class DoubleWorksheet extends Proxy implements WorksheetApi {
  readonly protection: DoubleProtection;
  readonly freezePanes: WorksheetApi['freezePanes'];
  readonly pageLayout: PageLayoutApi;
  readonly horizontalPageBreaks: WorksheetApi['horizontalPageBreaks'];
  readonly tables: WorksheetApi['tables'];
  readonly charts: WorksheetApi['charts'];

  constructor(
    ctx: DoubleContext,
    private readonly ref: SheetRef,
    nullable: boolean,
    label: string,
  ) {
    super(ctx, label);
    this.protection = new DoubleProtection(ctx, () => this.resolve().protected, `${label}.protection`);
    this.freezePanes = {
      freezeRows: (count = 1) =>
        this.write(
          (s) => {
            s.freeze = { rows: count, columns: 0 };
          },
          0,
          'freezePanes.freezeRows',
        ),
      freezeAt: (address: string) =>
        this.write(
          (s) => {
            const b = boundsOf(address);
            s.freeze = { rows: b.r2, columns: b.c2 };
          },
          address.length,
          'freezePanes.freezeAt',
        ),
    };
    this.pageLayout = pageLayoutProxy(this);
    this.horizontalPageBreaks = {
      add: (address: string) =>
        this.write(
          (s) => {
            s.pageBreaks.push(boundsOf(address).r1);
          },
          address.length,
          'horizontalPageBreaks.add',
        ),
    };
    this.tables = { add: (address: string, hasHeaders: boolean) => addTable(this, address, hasHeaders) };
    this.charts = { add: (type, source, seriesBy) => addChart(this, type, source as DoubleRange, seriesBy) };
    if (nullable) ctx.enqueue(() => this.loaded.set('isNullObject', this.ref() === null), 0, label);
  }

  resolve(): SheetState {
    const s = this.ref();
    if (!s) return fail('ItemNotFound', "The requested resource doesn't exist.", this.label);
    return s;
  }

  /** Queues a change to the sheet: refused on a protected sheet or a read-only workbook. */
  write(change: (s: SheetState) => void, bytes: number, what: string, allowProtected = false): void {
    this.ctx.enqueue(
      () => {
        const s = this.resolve();
        this.ctx.checkWritable(what);
        if (s.protected && !allowProtected)
          fail('AccessDenied', "The cell or chart you're trying to change is on a protected sheet.", `Range.${what.split('.').pop()}`);
        change(s);
      },
      bytes,
      `${this.label}.${what}`,
    );
  }

  protected read(name: string): unknown {
    const s = this.ref();
    if (name === 'isNullObject') return s === null;
    if (!s) return null;
    switch (name) {
      case 'name':
        return s.name;
      case 'visibility':
        return s.visibility;
      case 'position':
        return this.ctx.state.sheets.indexOf(s);
      case 'tabColor':
        return s.tabColor;
      case 'id':
        return `{${s.id}}`;
      default:
        return fail('InvalidArgument', `Unknown property ${name}`, this.label);
    }
  }

  protected child(name: string): Proxy | null {
    return name === 'protection' ? this.protection : null;
  }

  get name(): string {
    return this.prop('name');
  }
  set name(v: string) {
    this.write(
      (s) => {
        if (this.ctx.state.protected) fail('AccessDenied', 'The workbook is protected.', 'Worksheet.name');
        checkSheetName(this.ctx.state, v, s);
        // Excel follows a renamed sheet in every formula and name that refers to it.
        const old = s.name;
        s.name = v;
        rewriteFormulas(this.ctx.state, (f) => replaceSheetReferences(f, old, (r) => `${quotedSheet(v)}!${r}`));
      },
      v.length,
      'name',
      true,
    );
  }
  get visibility(): Excel.SheetVisibility | 'Visible' | 'Hidden' | 'VeryHidden' {
    return this.prop('visibility');
  }
  set visibility(v: Excel.SheetVisibility | 'Visible' | 'Hidden' | 'VeryHidden') {
    this.write(
      (s) => {
        if (this.ctx.state.protected) fail('AccessDenied', 'The workbook is protected.', 'Worksheet.visibility');
        if (v !== 'Visible' && this.ctx.state.sheets.filter((x) => x.visibility === 'Visible' && x !== s).length === 0)
          fail('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
        s.visibility = v as SheetState['visibility'];
        if (v !== 'Visible' && this.ctx.state.activeSheetId === s.id)
          this.ctx.state.activeSheetId = this.ctx.state.sheets.find((x) => x.visibility === 'Visible')!.id;
      },
      10,
      'visibility',
      true,
    );
  }
  get position(): number {
    return this.prop('position');
  }
  set position(_v: number) {
    fail('NotImplemented', 'The double does not move sheets.', this.label);
  }
  get tabColor(): string {
    return this.prop('tabColor');
  }
  set tabColor(v: string) {
    this.write(
      (s) => {
        if (v !== '' && !/^#[0-9A-Fa-f]{6}$/.test(v)) fail('InvalidArgument', `Invalid color ${v}`);
        s.tabColor = v.toUpperCase();
      },
      10,
      'tabColor',
      true,
    );
  }
  get isNullObject(): boolean {
    return this.prop('isNullObject');
  }

  getRange(address?: string): RangeApi {
    return new DoubleRange(
      this,
      () => (address ? boundsOf(address) : { r1: 1, c1: 1, r2: MAX_ROWS, c2: MAX_COLS }),
      false,
      `${this.label}.getRange(${address ?? ''})`,
    );
  }

  getUsedRangeOrNullObject(valuesOnly = false): RangeApi {
    return new DoubleRange(this, () => usedBounds(this.resolve(), valuesOnly), true, `${this.label}.getUsedRangeOrNullObject`);
  }

  activate(): void {
    this.ctx.enqueue(
      () => {
        const s = this.resolve();
        if (s.visibility !== 'Visible') fail('InvalidOperation', 'A hidden sheet cannot be activated.', this.label);
        this.ctx.state.activeSheetId = s.id;
      },
      0,
      `${this.label}.activate`,
    );
  }

  delete(): void {
    this.ctx.enqueue(
      () => {
        const s = this.resolve();
        const wb = this.ctx.state;
        this.ctx.checkWritable('delete');
        if (wb.protected) fail('AccessDenied', 'The workbook is protected.', 'Worksheet.delete');
        if (s.visibility === 'Visible' && wb.sheets.filter((x) => x.visibility === 'Visible').length === 1)
          fail('InvalidOperation', 'A workbook must contain at least one visible worksheet.', this.label);
        wb.sheets.splice(wb.sheets.indexOf(s), 1);
        wb.tables = wb.tables.filter((t) => t.sheet !== s);
        for (const n of wb.names) if (refersTo(n.formula, s.name)) n.formula = '=#REF!';
        rewriteFormulas(wb, (f) => replaceSheetReferences(f, s.name, () => '#REF!'));
        if (wb.activeSheetId === s.id) wb.activeSheetId = wb.sheets.find((x) => x.visibility === 'Visible')!.id;
      },
      0,
      `${this.label}.delete`,
    );
  }
}

function refersTo(formula: string, sheet: string): boolean {
  const split = splitSheetRef(formula.replace(/^=/, ''));
  return split?.sheet === sheet;
}

class DoubleProtection extends Proxy {
  constructor(
    ctx: DoubleContext,
    private readonly value: () => boolean,
    label: string,
  ) {
    super(ctx, label);
  }
  protected read(name: string): unknown {
    if (name !== 'protected') fail('InvalidArgument', `Unknown property ${name}`, this.label);
    return this.value();
  }
  get protected(): boolean {
    return this.prop('protected');
  }
}

const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/;

function checkSheetName(wb: WorkbookState, name: string, self?: SheetState): void {
  if (!name.trim() || name.length > 31 || SHEET_NAME_FORBIDDEN.test(name) || name.startsWith("'") || name.endsWith("'") || name === 'History') {
    fail('InvalidArgument', `The sheet name ${name} is not valid.`);
  }
  if (wb.sheets.some((s) => s !== self && s.name.toLowerCase() === name.toLowerCase())) fail('ItemAlreadyExists', `A sheet named ${name} already exists.`);
}

export class DoubleWorksheetCollection extends DoubleCollection<DoubleWorksheet> implements WorksheetCollectionApi {
  constructor(ctx: DoubleContext) {
    super(ctx, 'worksheets');
  }
  protected currentItems(): DoubleWorksheet[] {
    return this.ctx.state.sheets.map(
      (s) => new DoubleWorksheet(this.ctx, () => (this.ctx.state.sheets.includes(s) ? s : null), false, `worksheets['${s.name}']`),
    );
  }

  add(name?: string): WorksheetApi {
    let created: SheetState | null = null;
    const sheetName = name ?? '';
    this.ctx.enqueue(
      () => {
        const wb = this.ctx.state;
        this.ctx.checkWritable('worksheets.add');
        if (wb.protected) fail('AccessDenied', 'The workbook is protected.', 'WorksheetCollection.add');
        const finalName = sheetName || `Sheet${wb.sheets.length + 1}`;
        checkSheetName(wb, finalName);
        created = newSheet(this.ctx.double.newSheetId(), finalName);
        wb.sheets.push(created);
      },
      sheetName.length,
      `worksheets.add(${sheetName})`,
    );
    return new DoubleWorksheet(this.ctx, () => (created && this.ctx.state.sheets.includes(created) ? created : null), false, `worksheets['${sheetName}']`);
  }

  getItem(key: string): WorksheetApi {
    return new DoubleWorksheet(
      this.ctx,
      () => this.ctx.state.sheets.find((s) => s.name.toLowerCase() === key.toLowerCase()) ?? null,
      false,
      `worksheets.getItem('${key}')`,
    );
  }

  getItemOrNullObject(key: string): WorksheetApi {
    return new DoubleWorksheet(
      this.ctx,
      () => this.ctx.state.sheets.find((s) => s.name.toLowerCase() === key.toLowerCase()) ?? null,
      true,
      `worksheets.getItemOrNullObject('${key}')`,
    );
  }

  getActiveWorksheet(): WorksheetApi {
    return new DoubleWorksheet(
      this.ctx,
      () => this.ctx.state.sheets.find((s) => s.id === this.ctx.state.activeSheetId) ?? null,
      false,
      'worksheets.getActiveWorksheet()',
    );
  }
}

// ---------------------------------------------------------------- ranges

function usedBounds(s: SheetState, valuesOnly: boolean, within?: Bounds): Bounds | null {
  let b: Bounds | null = null;
  for (const [k, c] of s.cells) {
    const hasValue = c.formula !== undefined || (c.value !== null && c.value !== '');
    if (!hasValue && (valuesOnly || (!c.numFmt && !c.style && !c.validation))) continue;
    const row = Math.floor(k / MAX_COLS) + 1;
    const col = (k % MAX_COLS) + 1;
    if (within && (row < within.r1 || row > within.r2 || col < within.c1 || col > within.c2)) continue;
    if (!b) b = { r1: row, c1: col, r2: row, c2: col };
    else {
      b.r1 = Math.min(b.r1, row);
      b.c1 = Math.min(b.c1, col);
      b.r2 = Math.max(b.r2, row);
      b.c2 = Math.max(b.c2, col);
    }
  }
  return b;
}

function plainAddress(b: Bounds): string {
  const a = `${columnLetter(b.c1)}${b.r1}`;
  const z = `${columnLetter(b.c2)}${b.r2}`;
  return a === z ? a : `${a}:${z}`;
}

function addressOf(sheet: string, b: Bounds): string {
  const quoted = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${quoted}!${plainAddress(b)}`;
}

const ISO_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;

/** A string as Excel reads it when it is written into a cell (as if typed). */
function typedInput(text: string): Pick<CellState, 'value' | 'formula'> & { dateFormat?: boolean } {
  if (text === '') return { value: null };
  if (text.startsWith("'")) return { value: text.slice(1) };
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?%?$/i.test(text.trim())) {
    const t = text.trim();
    return { value: t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t) };
  }
  if (text.startsWith('=') || text.startsWith('+') || text.startsWith('-')) return { value: '', formula: text.replace(/^[=+]/, '').replace(/^-/, '-') };
  if (/^(TRUE|FALSE)$/i.test(text)) return { value: text.toUpperCase() === 'TRUE' };
  const d = ISO_DATE.exec(text);
  if (d) {
    const ms = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
    return { value: Math.round(ms / 86_400_000) + 25569, dateFormat: true };
  }
  return { value: text };
}

type Cells = { sheet: SheetState; b: Bounds };

export class DoubleRange extends Proxy implements RangeApi {
  readonly format: RangeFormatApi;
  readonly dataValidation: DataValidationApi;
  readonly conditionalFormats: RangeApi['conditionalFormats'];

  constructor(
    readonly sheet: DoubleWorksheet,
    private readonly boundsRef: () => Bounds | null,
    private readonly nullable: boolean,
    label: string,
  ) {
    super(sheet.ctx, label);
    this.format = formatProxy(this);
    this.dataValidation = validationProxy(this);
    this.conditionalFormats = { add: (type) => addConditionalFormat(this, type) };
    if (nullable) this.ctx.enqueue(() => this.loaded.set('isNullObject', this.boundsRef() === null), 0, label);
  }

  cells(): Cells {
    const b = this.boundsRef();
    if (!b) return fail('ItemNotFound', 'The range is a null object.', this.label);
    return { sheet: this.sheet.resolve(), b };
  }

  /** Queues a change to every cell of the range. */
  change(fn: (c: Cells) => void, bytes: number, what: string): void {
    this.sheet.write(() => fn(this.cells()), bytes, `${this.label.slice(this.sheet.labelText.length + 1)}.${what}`);
  }

  protected read(name: string): unknown {
    if (name === 'isNullObject') return this.boundsRef() === null;
    const b = this.boundsRef();
    if (!b) return null;
    const sheet = this.sheet.resolve();
    const grid = (f: (c: CellState | undefined) => unknown) => {
      if ((b.r2 - b.r1 + 1) * (b.c2 - b.c1 + 1) > 5_000_000) fail('ResponsePayloadSizeLimitExceeded', 'Too many cells.');
      const out: unknown[][] = [];
      for (let r = b.r1; r <= b.r2; r++) {
        const row: unknown[] = [];
        for (let c = b.c1; c <= b.c2; c++) row.push(f(sheet.cells.get(key(r, c))));
        out.push(row);
      }
      return out;
    };
    switch (name) {
      case 'values':
        return grid((c) => (c === undefined || c.value === null ? '' : c.value));
      case 'formulas':
        return grid((c) => (c?.formula !== undefined ? `=${c.formula}` : c === undefined || c.value === null ? '' : c.value));
      case 'numberFormat':
        return grid((c) => c?.numFmt ?? 'General');
      case 'valueTypes':
        return grid((c) => {
          const v = c?.formula !== undefined ? c.value : c?.value;
          if (v === null || v === undefined || v === '') return 'Empty';
          return typeof v === 'number' ? 'Double' : typeof v === 'boolean' ? 'Boolean' : 'String';
        });
      case 'address':
        return addressOf(sheet.name, b);
      case 'rowIndex':
        return b.r1 - 1;
      case 'columnIndex':
        return b.c1 - 1;
      case 'rowCount':
        return b.r2 - b.r1 + 1;
      case 'columnCount':
        return b.c2 - b.c1 + 1;
      case 'columnHidden': {
        const hidden = Array.from({ length: b.c2 - b.c1 + 1 }, (_, i) => sheet.hiddenColumns.has(b.c1 + i));
        return hidden.every((h) => h) ? true : hidden.some((h) => h) ? null : false;
      }
      // "The distance in points, for 100% zoom, from the left edge of the range to the right edge"
      // (Range.width, ExcelApi 1.3); a column never given a width is Excel's standard 8.43 characters, 48 points;
      // a hidden column is 0 points wide.
      case 'width': {
        let w = 0;
        for (let c = b.c1; c <= b.c2; c++) if (!sheet.hiddenColumns.has(c)) w += sheet.columnWidths.get(c) ?? STANDARD_COLUMN_POINTS;
        return w;
      }
      default:
        return fail('InvalidArgument', `Unknown property ${name}`, this.label);
    }
  }

  get values(): any[][] {
    return this.prop('values');
  }
  set values(v: any[][]) {
    this.setGrid(v, 'values');
  }
  get formulas(): any[][] {
    return this.prop('formulas');
  }
  set formulas(v: any[][]) {
    this.setGrid(v, 'formulas');
  }
  get numberFormat(): any[][] {
    return this.prop('numberFormat');
  }
  set numberFormat(v: any[][]) {
    this.setGrid(v, 'numberFormat');
  }
  get valueTypes(): Excel.RangeValueType[][] {
    return this.prop('valueTypes');
  }
  get address(): string {
    return this.prop('address');
  }
  get rowIndex(): number {
    return this.prop('rowIndex');
  }
  get columnIndex(): number {
    return this.prop('columnIndex');
  }
  get rowCount(): number {
    return this.prop('rowCount');
  }
  get columnCount(): number {
    return this.prop('columnCount');
  }
  get isNullObject(): boolean {
    return this.prop('isNullObject');
  }
  /** Range.columnHidden (ExcelApi 1.2): hides or shows every column the range spans. */
  get columnHidden(): boolean {
    return this.prop('columnHidden');
  }
  set columnHidden(v: boolean) {
    this.change(
      ({ sheet, b }) => {
        if (typeof v !== 'boolean') fail('InvalidArgument', 'columnHidden');
        for (let c = b.c1; c <= b.c2; c++) {
          if (v) sheet.hiddenColumns.add(c);
          else sheet.hiddenColumns.delete(c);
        }
      },
      20,
      'columnHidden',
    );
  }
  get width(): number {
    return this.prop('width');
  }

  private setGrid(grid: unknown[][], what: 'values' | 'formulas' | 'numberFormat'): void {
    this.change(({ sheet, b }) => writeGridInto(this.ctx.double, sheet, b, grid, what, this.label), payloadBytes(grid), what);
  }

  merge(across = false): void {
    this.change(
      ({ sheet, b }) => {
        const address = `${columnLetter(b.c1)}${b.r1}:${columnLetter(b.c2)}${b.r2}`;
        if (sheet.merges.some((m) => overlaps(boundsOf(m), b))) fail('InvalidOperation', `Cannot merge ${address}: it overlaps a merged area.`);
        if (this.ctx.state.tables.some((t) => t.sheet === sheet && overlaps(boundsOf(t.range), b))) fail('InvalidOperation', 'Cannot merge cells in a table.');
        if (across) for (let r = b.r1; r <= b.r2; r++) sheet.merges.push(`${columnLetter(b.c1)}${r}:${columnLetter(b.c2)}${r}`);
        else sheet.merges.push(address);
      },
      10,
      'merge',
    );
  }

  autoFill(destinationRange: string, autoFillType: 'FillDefault' = 'FillDefault'): void {
    if (autoFillType !== 'FillDefault') fail('NotImplemented', autoFillType);
    this.change(
      ({ sheet, b }) => {
        const d = boundsOf(destinationRange);
        if (d.c1 !== b.c1 || d.c2 !== b.c2 || d.r1 !== b.r1 || d.r2 < b.r2) fail('InvalidArgument', 'The destination must extend the source range downwards.');
        const height = b.r2 - b.r1 + 1;
        for (let r = b.r2 + 1; r <= d.r2; r++) {
          const from = b.r1 + ((r - b.r1) % height);
          for (let c = b.c1; c <= b.c2; c++) copyCell(sheet, from, c, sheet, r, c, 'All');
        }
        // Filling down past a table's last row extends the table, as a write there does.
        if (d.r2 > b.r2) expandTables(this.ctx.state, sheet, { r1: b.r2 + 1, c1: d.c1, r2: d.r2, c2: d.c2 });
      },
      destinationRange.length,
      'autoFill',
    );
  }

  copyFrom(sourceRange: string, copyType: 'Formats' | 'Values' | 'Formulas' | 'All' = 'All'): void {
    this.change(
      ({ sheet, b }) => {
        const split = splitSheetRef(sourceRange);
        const source = split
          ? (this.ctx.state.sheets.find((x) => x.name.toLowerCase() === split.sheet.toLowerCase()) ??
            fail('ItemNotFound', `No sheet ${split.sheet}.`, 'Range.copyFrom'))
          : sheet;
        const s = boundsOf(split ? split.range : sourceRange);
        const h = s.r2 - s.r1 + 1;
        const w = s.c2 - s.c1 + 1;
        const r2 = Math.max(b.r2, b.r1 + h - 1);
        const c2 = Math.max(b.c2, b.c1 + w - 1);
        for (let r = b.r1; r <= r2; r++) {
          for (let c = b.c1; c <= c2; c++) copyCell(source, s.r1 + ((r - b.r1) % h), s.c1 + ((c - b.c1) % w), sheet, r, c, copyType);
        }
      },
      sourceRange.length,
      'copyFrom',
    );
  }

  /** This range's bounds for a method called on it: a null object has none (see nullObject). */
  private existing(what: string): Bounds {
    const a = this.boundsRef();
    if (!a) return nullObject(this.nullable, `${this.label}.${what}`);
    return a;
  }

  getIntersectionOrNullObject(anotherRange: string): RangeApi {
    return new DoubleRange(
      this.sheet,
      () => {
        const a = this.existing('getIntersectionOrNullObject');
        const o = boundsOf(anotherRange);
        if (!overlaps(a, o)) return null;
        return { r1: Math.max(a.r1, o.r1), c1: Math.max(a.c1, o.c1), r2: Math.min(a.r2, o.r2), c2: Math.min(a.c2, o.c2) };
      },
      true,
      `${this.label}.getIntersectionOrNullObject(${anotherRange})`,
    );
  }

  /** The used cells within this range (Range.getUsedRangeOrNullObject, ExcelApi 1.4). */
  getUsedRangeOrNullObject(valuesOnly = false): RangeApi {
    return new DoubleRange(
      this.sheet,
      () => {
        const a = this.existing('getUsedRangeOrNullObject');
        const used = usedBounds(this.sheet.resolve(), valuesOnly, a);
        return used;
      },
      true,
      `${this.label}.getUsedRangeOrNullObject`,
    );
  }
}

/** A 2-D array written into a range, as Range.values / formulas / numberFormat do (or a user types). */
function writeGridInto(
  double: ExcelDouble,
  sheet: SheetState,
  b: Bounds,
  grid: unknown[][],
  what: 'values' | 'formulas' | 'numberFormat',
  location = 'typed',
): void {
  const rows = b.r2 - b.r1 + 1;
  const cols = b.c2 - b.c1 + 1;
  if (!Array.isArray(grid) || grid.length !== rows || grid.some((r) => !Array.isArray(r) || r.length !== cols)) {
    fail('InvalidArgument', `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${rows}×${cols}).`);
  }
  grid.forEach((rowValues, i) =>
    rowValues.forEach((v, j) => {
      if (v === null || v === undefined) return;
      const k = key(b.r1 + i, b.c1 + j);
      const cell = sheet.cells.get(k) ?? { value: null };
      if (what === 'numberFormat') {
        if (typeof v !== 'string') fail('InvalidArgument', 'A number format must be text.');
        cell.numFmt = v === 'General' ? undefined : (v as string);
      } else if (typeof v === 'string') {
        const typed = typedInput(v);
        cell.value = typed.value;
        if (typed.formula !== undefined) {
          const missing = unresolvedIn(double, typed.formula, `${location} ${columnLetter(b.c1 + j)}${b.r1 + i}`);
          cell.formula = asExternal(typed.formula, missing.sheets);
          if (missing.names.length) cell.value = '#NAME?';
        } else delete cell.formula;
        if (typed.dateFormat && !cell.numFmt) cell.numFmt = 'yyyy-mm-dd';
      } else if (typeof v === 'number' || typeof v === 'boolean') {
        if (typeof v === 'number' && !Number.isFinite(v)) fail('InvalidArgument', 'A number must be finite.');
        cell.value = v;
        delete cell.formula;
      } else {
        fail('InvalidArgument', `Unsupported cell value ${JSON.stringify(v)}.`);
      }
      sheet.cells.set(k, cell);
    }),
  );
  if (what !== 'numberFormat') expandTables(double.state, sheet, b);
}

function hasContent(c: CellState | undefined): boolean {
  return c !== undefined && (c.formula !== undefined || (c.value !== null && c.value !== ''));
}

/**
 * Excel's table auto-expansion: content written into the row directly below a table (within its
 * columns) or the column directly right of it (within its rows) joins the table. Calculated
 * columns, number formats and validation of the last row follow into new rows; a new column
 * without a header text gets "ColumnN".
 */
function expandTables(wb: WorkbookState, sheet: SheetState, written: Bounds): void {
  if (!wb.autoCorrect.autoExpandListRange) return;
  for (const t of wb.tables) {
    if (t.sheet !== sheet) continue;
    const tb = boundsOf(t.range);
    if (written.r1 === tb.r2 + 1 && written.c1 <= tb.c2 && written.c2 >= tb.c1) {
      let last = tb.r2;
      for (let r = written.r1; r <= written.r2; r++) {
        for (let c = Math.max(tb.c1, written.c1); c <= Math.min(tb.c2, written.c2); c++) if (hasContent(sheet.cells.get(key(r, c)))) last = r;
        if (last !== r) break;
      }
      if (last > tb.r2) growRows(sheet, tb, last, wb.autoCorrect.autoFillFormulasInLists);
      t.range = `${columnLetter(tb.c1)}${tb.r1}:${columnLetter(tb.c2)}${last}`;
      tb.r2 = last;
    }
    if (written.c1 === tb.c2 + 1 && written.r1 <= tb.r2 && written.r2 >= tb.r1) {
      let last = tb.c2;
      for (let c = written.c1; c <= written.c2; c++) {
        for (let r = Math.max(tb.r1, written.r1); r <= Math.min(tb.r2, written.r2); r++) if (hasContent(sheet.cells.get(key(r, c)))) last = c;
        if (last !== c) break;
      }
      for (let c = tb.c2 + 1; c <= last; c++) {
        if (!hasContent(sheet.cells.get(key(tb.r1, c)))) sheet.cells.set(key(tb.r1, c), { ...sheet.cells.get(key(tb.r1, c)), value: `Column${c - tb.c1 + 1}` });
      }
      t.range = `${columnLetter(tb.c1)}${tb.r1}:${columnLetter(last)}${tb.r2}`;
    }
  }
}

function growRows(sheet: SheetState, tb: Bounds, last: number, fillFormulas: boolean): void {
  const first = tb.r1 + 1;
  for (let c = tb.c1; c <= tb.c2; c++) {
    const top = sheet.cells.get(key(first, c));
    const model = sheet.cells.get(key(tb.r2, c));
    // A calculated column: every body cell holds the first one's formula, moved to its row (and the option that fills it on).
    let calculated = fillFormulas && top?.formula !== undefined && tb.r2 >= first;
    for (let r = first + 1; calculated && r <= tb.r2; r++) calculated = sheet.cells.get(key(r, c))?.formula === shiftFormula(top!.formula!, r - first, 0);
    for (let r = tb.r2 + 1; r <= last; r++) {
      const cell: CellState = { ...(sheet.cells.get(key(r, c)) ?? { value: null }) };
      if (calculated && !hasContent(cell)) {
        cell.formula = shiftFormula(top!.formula!, r - first, 0);
        cell.value = '';
      }
      if (model?.numFmt && !cell.numFmt) cell.numFmt = model.numFmt;
      if (model?.validation && !cell.validation) cell.validation = model.validation;
      if (model?.style && !cell.style) cell.style = { ...model.style };
      sheet.cells.set(key(r, c), cell);
    }
  }
}

/**
 * A method called on a null object. Office.js documents that an …OrNullObject method returns an
 * object whose isNullObject is true instead of failing; that object stands for nothing, so what
 * is derived from it fails (the double is never kinder than Excel here).
 */
function nullObject(nullable: boolean, location: string): never {
  return fail(nullable ? 'ItemNotFound' : 'InvalidArgument', 'The object is a null object: check isNullObject before using it.', location);
}

function overlaps(a: Bounds, b: Bounds): boolean {
  return a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2;
}

function copyCell(from: SheetState, fr: number, fc: number, to: SheetState, tr: number, tc: number, type: 'Formats' | 'Values' | 'Formulas' | 'All'): void {
  const src = from.cells.get(key(fr, fc));
  const dst: CellState = { ...(to.cells.get(key(tr, tc)) ?? { value: null }) };
  if (type !== 'Formats') {
    dst.value = src?.formula !== undefined && type === 'Values' ? src.value : (src?.value ?? null);
    if (src?.formula !== undefined && type !== 'Values') dst.formula = shiftFormula(src.formula, tr - fr, tc - fc);
    else delete dst.formula;
  }
  if (type === 'Formats' || type === 'All') {
    dst.numFmt = src?.numFmt;
    dst.style = src?.style ? { ...src.style } : undefined;
    if (type === 'All') dst.validation = src?.validation;
  }
  to.cells.set(key(tr, tc), dst);
}

function forEachCell({ sheet, b }: Cells, fn: (cell: CellState) => void): void {
  for (let r = b.r1; r <= b.r2; r++) {
    for (let c = b.c1; c <= b.c2; c++) {
      const k = key(r, c);
      const cell = sheet.cells.get(k) ?? { value: null };
      fn(cell);
      sheet.cells.set(k, cell);
    }
  }
}

const COLOR = /^#[0-9A-Fa-f]{6}$/;

function color(v: string): string {
  if (!COLOR.test(v)) fail('InvalidArgument', `Invalid color ${v}`);
  return v.toUpperCase();
}

function styleSetter<K extends keyof CellStyleState>(range: DoubleRange, prop: K, check: (v: unknown) => CellStyleState[K]) {
  return {
    get(): never {
      return fail('PropertyNotLoaded', `The double does not load formats (${String(prop)}).`);
    },
    set(v: unknown) {
      range.change(
        (c) => {
          const value = check(v);
          forEachCell(c, (cell) => {
            cell.style = { ...cell.style, [prop]: value };
          });
        },
        20,
        `format.${String(prop)}`,
      );
    },
  };
}

function defineAccessors<T extends object>(target: T, props: Record<string, { get(): unknown; set(v: unknown): void }>): T {
  for (const [name, d] of Object.entries(props)) Object.defineProperty(target, name, { get: d.get, set: d.set, enumerable: true });
  return target;
}

const H_ALIGN = ['General', 'Left', 'Center', 'Right', 'Fill', 'Justify', 'CenterAcrossSelection', 'Distributed'];
const V_ALIGN = ['Top', 'Center', 'Bottom', 'Justify', 'Distributed'];
const oneOf = (list: string[]) => (v: unknown) => (list.includes(v as string) ? (v as string) : fail('InvalidArgument', `Invalid value ${String(v)}`));

function formatProxy(range: DoubleRange): RangeFormatApi {
  const font = defineAccessors({} as RangeFormatApi['font'], {
    bold: styleSetter(range, 'bold', (v) => Boolean(v)),
    size: styleSetter(range, 'size', (v) => (typeof v === 'number' && v >= 1 && v <= 409 ? v : fail('InvalidArgument', 'font size'))),
    color: styleSetter(range, 'fontColor', (v) => color(String(v))),
  });
  const fill = defineAccessors({} as RangeFormatApi['fill'], { color: styleSetter(range, 'fill', (v) => color(String(v))) });
  const borders = {
    getItem: (index: string): RangeBorderApi =>
      defineAccessors({} as RangeBorderApi, {
        style: {
          get: () => fail('PropertyNotLoaded', 'border style'),
          set: (v) =>
            range.change(
              () => {
                oneOf(['Continuous', 'None', 'Dash', 'Dot'])(v);
              },
              20,
              `borders.${index}.style`,
            ),
        },
        color: {
          get: () => fail('PropertyNotLoaded', 'border color'),
          set: (v) =>
            range.change(
              () => {
                color(String(v));
              },
              20,
              `borders.${index}.color`,
            ),
        },
      }),
  };
  return defineAccessors({ font, fill, borders } as unknown as RangeFormatApi, {
    horizontalAlignment: styleSetter(range, 'hAlign', oneOf(H_ALIGN)),
    verticalAlignment: styleSetter(range, 'vAlign', oneOf(V_ALIGN)),
    wrapText: styleSetter(range, 'wrap', (v) => Boolean(v)),
    // "An integer either from -90 to 90, or 180 for vertically-oriented text" (RangeFormat.textOrientation, ExcelApi 1.7).
    textOrientation: styleSetter(range, 'textOrientation', (v) =>
      Number.isInteger(v) && (((v as number) >= -90 && (v as number) <= 90) || v === 180) ? (v as number) : fail('InvalidArgument', 'text orientation'),
    ),
    columnWidth: {
      get: () => fail('PropertyNotLoaded', 'columnWidth'),
      set: (v) =>
        range.change(
          ({ sheet, b }) => {
            if (typeof v !== 'number' || v < 0 || v > 255 * 7.5) fail('InvalidArgument', 'column width');
            for (let c = b.c1; c <= b.c2; c++) sheet.columnWidths.set(c, v as number);
          },
          20,
          'format.columnWidth',
        ),
    },
    rowHeight: {
      get: () => fail('PropertyNotLoaded', 'rowHeight'),
      set: (v) =>
        range.change(
          ({ sheet, b }) => {
            if (typeof v !== 'number' || v < 0 || v > 409) fail('InvalidArgument', 'row height');
            for (let r = b.r1; r <= b.r2; r++) sheet.rowHeights.set(r, v as number);
          },
          20,
          'format.rowHeight',
        ),
    },
  });
}

function validationProxy(range: DoubleRange): DataValidationApi {
  // What a load read, after the sync: Excel gives the rule of the range (the tests load one cell).
  // A list's source reads back as Office.js documents it (Excel.ListDataValidation.source,
  // https://learn.microsoft.com/javascript/api/excel/excel.listdatavalidation): comma-separated
  // entries for an inline list ("Apple,Banana,Cherry"), a formula ("=$A$1:$A$5") for a range.
  // A range whose cells hold different rules is not modelled: Excel's answer there is not documented.
  const loaded = new Map<string, unknown>();
  const set = (field: 'rule' | 'errorAlert' | 'prompt' | 'ignoreBlanks') => ({
    get: () => (loaded.has(field) ? loaded.get(field) : fail('PropertyNotLoaded', `dataValidation.${field}`)),
    set: (v: unknown) =>
      range.change(
        (c) => {
          if (field === 'rule') {
            checkRule(v as Excel.DataValidationRule);
            // A list whose source range does not exist is refused: Excel says the source evaluates to an error.
            const source = (v as { list?: { source?: string } }).list?.source;
            if (source?.startsWith('=')) {
              const missing = range.ctx.unresolved(source.slice(1), `${range.labelText}.dataValidation.rule`);
              if (missing.sheets.length || missing.names.length)
                fail('InvalidArgument', `The source of the list (${source}) currently evaluates to an error.`, 'DataValidation.rule');
            }
          }
          forEachCell(c, (cell) => {
            if (field !== 'rule' && !cell.validation) fail('InvalidOperation', 'Set the rule before the alert.');
            cell.validation = { ...(cell.validation ?? { rule: v as Excel.DataValidationRule }), [field]: v } as CellState['validation'];
          });
        },
        payloadBytes(v),
        `dataValidation.${field}`,
      ),
  });
  const proxy: DataValidationApi = defineAccessors(
    {
      load(names?: string | string[]) {
        const fields = (Array.isArray(names) ? names : (names ?? 'rule').split(',')).map((n) => n.trim());
        range.ctx.enqueue(
          () => {
            const { sheet, b } = range.cells();
            const v = sheet.cells.get(key(b.r1, b.c1))?.validation;
            for (const f of fields) loaded.set(f, f === 'rule' ? (v?.rule ?? {}) : ((v as Record<string, unknown> | undefined)?.[f] ?? null));
          },
          payloadBytes(fields),
          `${range.labelText}.dataValidation.load`,
        );
        return proxy;
      },
    } as DataValidationApi,
    {
      rule: set('rule'),
      errorAlert: set('errorAlert'),
      prompt: set('prompt'),
      ignoreBlanks: set('ignoreBlanks'),
    },
  );
  return proxy;
}

function checkRule(rule: Excel.DataValidationRule): void {
  const kinds = Object.keys(rule ?? {});
  if (kinds.length !== 1) fail('InvalidArgument', 'A validation rule has exactly one kind.');
  const r = rule as Record<string, Record<string, unknown>>;
  if (r.list) {
    const source = r.list.source;
    if (typeof source !== 'string' || !source) fail('InvalidArgument', 'A list needs a source.');
  } else if (r.date || r.wholeNumber || r.decimal) {
    const x = r.date ?? r.wholeNumber ?? r.decimal;
    if (x.formula1 === undefined || !x.operator) fail('InvalidArgument', 'A rule needs formula1 and an operator.');
    if (x.operator === 'Between' && x.formula2 === undefined) fail('InvalidArgument', 'Between needs formula2.');
  } else if (!r.custom && !r.textLength && !r.time) {
    fail('InvalidArgument', `Unknown rule ${kinds[0]}`);
  }
}

let cfIds = 0;

function addConditionalFormat(range: DoubleRange, type: 'Custom' | 'DataBar'): ConditionalFormatApi {
  let state: ConditionalFormatState | null = null;
  range.change(
    ({ sheet, b }) => {
      if (type !== 'Custom' && type !== 'DataBar') fail('InvalidArgument', type);
      state = { id: ++cfIds, range: plainAddress(b), type };
      // As in Excel, a new rule is placed first (highest priority).
      sheet.conditionalFormats.unshift(state);
    },
    20,
    `conditionalFormats.add(${type})`,
  );
  const at = (fn: (s: ConditionalFormatState, sheet: SheetState) => void, what: string, bytes = 20) =>
    range.change(({ sheet }) => fn(state!, sheet), bytes, what);
  const custom = (field: 'formula' | 'fill' | 'fontColor' | 'bold') => ({
    get: () => fail('PropertyNotLoaded', field),
    set: (v: unknown) =>
      at(
        (s) => {
          if (s.type !== 'Custom') fail('InvalidOperation', 'Not a custom rule.');
          if (field === 'formula' && !String(v).startsWith('=')) fail('InvalidArgument', 'A rule formula starts with =.');
          if (field === 'formula') {
            const missing = range.ctx.unresolved(String(v).slice(1), `${range.labelText}.conditionalFormats.custom.rule.formula`);
            if (missing.sheets.length) fail('InvalidArgument', 'A conditional-format rule cannot refer to another workbook.', 'ConditionalFormatRule.formula');
          }
          s[field] = (field === 'formula' ? String(v).slice(1) : field === 'bold' ? Boolean(v) : color(String(v))) as never;
        },
        `custom.${field}`,
        payloadBytes(v),
      ),
  });
  const bar = (field: 'barColor' | 'gradientFill' | 'lowerBound' | 'upperBound') => ({
    get: () => fail('PropertyNotLoaded', field),
    set: (v: unknown) =>
      at((s) => {
        if (s.type !== 'DataBar') fail('InvalidOperation', 'Not a data bar.');
        s[field] = (field === 'barColor' ? color(String(v)) : v) as never;
      }, `dataBar.${field}`),
  });
  const format = {
    custom: {
      rule: defineAccessors({}, { formula: custom('formula') }),
      format: { fill: defineAccessors({}, { color: custom('fill') }), font: defineAccessors({}, { color: custom('fontColor'), bold: custom('bold') }) },
    },
    dataBar: defineAccessors(
      { positiveFormat: defineAccessors({}, { fillColor: bar('barColor'), gradientFill: bar('gradientFill') }) },
      {
        lowerBoundRule: bar('lowerBound'),
        upperBoundRule: bar('upperBound'),
      },
    ),
  };
  return defineAccessors(format as unknown as ConditionalFormatApi, {
    stopIfTrue: {
      get: () => fail('PropertyNotLoaded', 'stopIfTrue'),
      set: (v) =>
        at((s) => {
          s.stopIfTrue = Boolean(v);
        }, 'stopIfTrue'),
    },
    priority: {
      get: () => fail('PropertyNotLoaded', 'priority'),
      set: (v) =>
        at((s, sheet) => {
          const list = sheet.conditionalFormats;
          list.splice(list.indexOf(s), 1);
          list.splice(Math.max(0, Math.min(Number(v), list.length)), 0, s);
        }, 'priority'),
    },
  });
}

// ---------------------------------------------------------------- tables, charts, page layout

const NAME_PATTERN = /^[A-Za-z_\\\u3400-\u9fff][A-Za-z0-9_.\u3400-\u9fff]*$/;

function checkNewName(wb: WorkbookState, name: string, self?: TableState): void {
  if (!NAME_PATTERN.test(name) || /^[A-Za-z]{1,3}\d+$/.test(name) || /^[RrCc]$|^R\d*C\d*$/i.test(name) || name.length > 255)
    fail('InvalidArgument', `The name ${name} is not valid.`);
  const lower = name.toLowerCase();
  if (wb.names.some((n) => n.name.toLowerCase() === lower) || wb.tables.some((t) => t !== self && t.name.toLowerCase() === lower)) {
    fail('ItemAlreadyExists', `The name ${name} already exists.`);
  }
}

class DoubleTable extends Proxy implements TableApi {
  constructor(
    ctx: DoubleContext,
    private readonly ref: () => TableState | null,
    label: string,
  ) {
    super(ctx, label);
  }
  private edit(fn: (t: TableState) => void, what: string): void {
    this.ctx.enqueue(
      () => {
        const t = this.ref() ?? fail('ItemNotFound', 'No such table.', this.label);
        this.ctx.checkWritable(what);
        if (t.sheet.protected) fail('AccessDenied', 'The sheet is protected.', `Table.${what}`);
        fn(t);
      },
      40,
      `${this.label}.${what}`,
    );
  }
  protected read(name: string): unknown {
    const t = this.ref();
    if (!t) return null;
    if (name === 'name') return t.name;
    if (name === 'style') return t.style;
    return fail('InvalidArgument', `Unknown property ${name}`, this.label);
  }
  get name(): string {
    return this.prop('name');
  }
  set name(v: string) {
    this.edit((t) => {
      checkNewName(this.ctx.state, v, t);
      t.name = v;
    }, 'name');
  }
  get style(): string {
    return this.prop('style');
  }
  set style(v: string) {
    this.edit((t) => {
      if (!/^TableStyle(Light|Medium|Dark)\d+$/.test(v)) fail('InvalidArgument', `Unknown table style ${v}`);
      t.style = v;
    }, 'style');
  }
}

function addTable(ws: DoubleWorksheet, address: string, hasHeaders: boolean): TableApi {
  let created: TableState | null = null;
  ws.write(
    (sheet) => {
      const wb = ws.ctx.state;
      const b = boundsOf(address);
      if (wb.tables.some((t) => t.sheet === sheet && overlaps(boundsOf(t.range), b))) fail('InvalidArgument', 'A table cannot overlap another table.');
      if (sheet.merges.some((m) => overlaps(boundsOf(m), b))) fail('InvalidArgument', 'A table cannot contain merged cells.');
      if (hasHeaders) {
        for (let c = b.c1; c <= b.c2; c++) {
          const cell = sheet.cells.get(key(b.r1, c));
          if (cell?.formula !== undefined) fail('InvalidArgument', 'A table header cannot hold a formula.');
          if (!cell || cell.value === null || cell.value === '') sheet.cells.set(key(b.r1, c), { ...cell, value: `Column${c - b.c1 + 1}` });
        }
      }
      let n = wb.tables.length + 1;
      while (wb.tables.some((t) => t.name === `Table${n}`)) n++;
      created = { name: `Table${n}`, sheet, range: address.replace(/\$/g, ''), style: 'TableStyleMedium2' };
      wb.tables.push(created);
    },
    address.length,
    `tables.add(${address})`,
  );
  return new DoubleTable(ws.ctx, () => created, `table(${address})`);
}

function addChart(ws: DoubleWorksheet, type: string, source: DoubleRange, seriesBy?: string): ChartApi {
  let chart: { type: string; source: string; seriesBy?: string; title?: string; legendVisible?: boolean; position?: [string, string | undefined] } | null =
    null;
  ws.write(
    (sheet) => {
      const { b } = source.cells();
      chart = { type, source: plainAddress(b), seriesBy };
      sheet.charts.push(chart);
    },
    40,
    `charts.add(${type})`,
  );
  const edit = (fn: () => void, what: string) => ws.write(() => fn(), 40, `chart.${what}`);
  return {
    title: defineAccessors({} as ChartApi['title'], {
      text: {
        get: () => fail('PropertyNotLoaded', 'title'),
        set: (v) =>
          edit(() => {
            chart!.title = String(v);
          }, 'title'),
      },
    }),
    legend: defineAccessors({} as ChartApi['legend'], {
      visible: {
        get: () => fail('PropertyNotLoaded', 'legend'),
        set: (v) =>
          edit(() => {
            chart!.legendVisible = Boolean(v);
          }, 'legend'),
      },
    }),
    setPosition: (start: string, end?: string) =>
      edit(() => {
        boundsOf(start);
        if (end) boundsOf(end);
        chart!.position = [start, end];
      }, 'setPosition'),
  };
}

/** The blocks of a print area as setPrintArea is given it: "A1:G2,A4:G9", each block bare or naming this sheet. */
function printAreaBlocks(area: string, sheet: string): Bounds[] {
  const parts = area.split(',').map((p) => p.trim());
  if (!parts.length || parts.some((p) => !p)) fail('InvalidArgument', `Not a print area: ${area}`);
  return parts.map((p) => {
    const at = p.lastIndexOf('!');
    if (at >= 0) {
      const name = p
        .slice(0, at)
        .replace(/^'(.*)'$/s, '$1')
        .replace(/''/g, "'");
      if (name !== sheet) fail('InvalidArgument', `A print area is on its own sheet: ${p}`);
    }
    try {
      return boundsOf(at >= 0 ? p.slice(at + 1) : p);
    } catch {
      return fail('InvalidArgument', `Not a print area: ${area}`);
    }
  });
}

/** Excel.RangeAreas as a print area gives it: its address (every block with its sheet) and whether it is a null object. */
class DoubleRangeAreas extends Proxy implements RangeAreasApi {
  constructor(
    private readonly ws: DoubleWorksheet,
    private readonly blocks: () => Bounds[] | null,
  ) {
    super(ws.ctx, `${ws.labelText}.pageLayout.getPrintAreaOrNullObject()`);
    this.ctx.enqueue(() => this.loaded.set('isNullObject', this.blocks() === null), 0, this.label);
  }
  protected read(name: string): unknown {
    const blocks = this.blocks();
    if (name === 'isNullObject') return blocks === null;
    if (name === 'address') return blocks ? blocks.map((b) => addressOf(this.ws.resolve().name, b)).join(', ') : null;
    return fail('InvalidArgument', `Unknown property ${name}`, this.label);
  }
  get address(): string {
    return this.prop('address');
  }
  get isNullObject(): boolean {
    return this.prop('isNullObject');
  }
}

const PAPER = ['A4', 'A3', 'A5', 'Letter', 'Legal', 'B4', 'B5'];

/** What Excel reports of a page layout property a sheet never set (margins: the Normal ones, 0.7 inch at the sides). */
const PAGE_LAYOUT_DEFAULTS: Record<string, (s: SheetState) => unknown> = {
  zoom: (s) => (s.pageLayout.zoom ? { ...s.pageLayout.zoom } : { scale: 100 }),
  orientation: (s) => s.pageLayout.orientation ?? 'Portrait',
  leftMargin: (s) => s.pageLayout.margins.leftMargin ?? 50.4,
  rightMargin: (s) => s.pageLayout.margins.rightMargin ?? 50.4,
};
const STANDARD_COLUMN_POINTS = 48;

function pageLayoutProxy(ws: DoubleWorksheet): PageLayoutApi {
  const loaded = new Map<string, unknown>();
  const prop = (name: string, apply: (s: SheetState, v: unknown) => void) => ({
    get: () => (loaded.has(name) ? loaded.get(name) : fail('PropertyNotLoaded', name)),
    set: (v: unknown) => ws.write((s) => apply(s, v), payloadBytes(v), `pageLayout.${name}`),
  });
  const load = (names: string) => {
    const list = names
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    ws.ctx.enqueue(
      () => {
        for (const n of list) {
          const read = PAGE_LAYOUT_DEFAULTS[n] ?? fail('InvalidArgument', `The double does not load pageLayout.${n}.`);
          const value = read(ws.resolve());
          loaded.set(n, value);
          ws.ctx.respond(value);
        }
      },
      payloadBytes(list),
      `${ws.labelText}.pageLayout.load`,
    );
    return proxy;
  };
  const margin = (name: string) =>
    prop(name, (s, v) => {
      if (typeof v !== 'number' || v < 0) fail('InvalidArgument', name);
      s.pageLayout.margins[name] = v as number;
    });
  const hf = (name: string) =>
    prop(name, (s, v) => {
      if (String(v).length > 255) fail('InvalidArgument', 'A header or footer is at most 255 characters.');
      s.pageLayout.headerFooter[name] = String(v);
    });
  const headersFooters = {
    defaultForAllPages: defineAccessors(
      {},
      Object.fromEntries(['leftHeader', 'centerHeader', 'rightHeader', 'leftFooter', 'centerFooter', 'rightFooter'].map((n) => [n, hf(n)])),
    ),
  };
  const proxy: PageLayoutApi = defineAccessors(
    {
      headersFooters,
      load,
      // PageLayout.setPrintArea(printArea: Range | RangeAreas | string), "the range or ranges of the
      // content to print"; getPrintAreaOrNullObject gives them back as RangeAreas, whose address
      // names the sheet for each block ("Sheet1!A1:B4, Sheet1!D1:D4")
      // (https://learn.microsoft.com/javascript/api/excel/excel.pagelayout,
      // https://learn.microsoft.com/javascript/api/excel/excel.rangeareas#excel-excel-rangeareas-address-member).
      setPrintArea: (area: string) =>
        ws.write(
          (s) => {
            s.pageLayout.printArea = printAreaBlocks(area, s.name)
              .map((b) => plainAddress(b))
              .join(',');
          },
          area.length,
          'pageLayout.setPrintArea',
        ),
      getPrintAreaOrNullObject: () =>
        new DoubleRangeAreas(ws, () => {
          const area = ws.resolve().pageLayout.printArea;
          return area ? area.split(',').map((a) => boundsOf(a)) : null;
        }),
      // "The range must span the entire column to be valid" (PageLayout.setPrintTitleColumns).
      setPrintTitleColumns: (columns: string) =>
        ws.write(
          (s) => {
            if (!/^\$?[A-Z]{1,3}:\$?[A-Z]{1,3}$/i.test(columns)) fail('InvalidArgument', `Print title columns must be whole columns: ${columns}`);
            s.pageLayout.printTitleColumns = columns;
          },
          columns.length,
          'pageLayout.setPrintTitleColumns',
        ),
      setPrintTitleRows: (rows: string) =>
        ws.write(
          (s) => {
            if (!/^\$?\d+:\$?\d+$/.test(rows)) fail('InvalidArgument', `Print title rows must be whole rows: ${rows}`);
            s.pageLayout.printTitleRows = rows;
          },
          rows.length,
          'pageLayout.setPrintTitleRows',
        ),
    } as unknown as PageLayoutApi,
    {
      orientation: prop('orientation', (s, v) => {
        s.pageLayout.orientation = oneOf(['Portrait', 'Landscape'])(v);
      }),
      paperSize: prop('paperSize', (s, v) => {
        s.pageLayout.paperSize = oneOf(PAPER)(v);
      }),
      // PageLayoutZoomOptions (https://learn.microsoft.com/javascript/api/excel/excel.pagelayoutzoomoptions):
      // a scale "between 10 and 400", or a number of pages to fit horizontally and vertically; one
      // or the other. Nothing there says what 0 pages would mean (the Page Setup dialog's "automatic"
      // is a blank, not 0), so the double refuses it, and any number of pages that is not a whole
      // number from 1 up. What it cannot model: Excel for Windows accepts fit-to-pages from Office.js
      // and ignores it until the Page Layout tab has been shown (OfficeDev/office-js#1860).
      zoom: prop('zoom', (s, v) => {
        const z = v as Excel.PageLayoutZoomOptions;
        if (z.scale !== undefined && (typeof z.scale !== 'number' || z.scale < 10 || z.scale > 400)) fail('InvalidArgument', 'Scale is 10 to 400.');
        if (z.scale !== undefined && (z.horizontalFitToPages !== undefined || z.verticalFitToPages !== undefined))
          fail('InvalidArgument', 'Scale or fit to pages, not both.');
        for (const pages of [z.horizontalFitToPages, z.verticalFitToPages])
          if (pages !== undefined && !(Number.isInteger(pages) && pages >= 1))
            fail('InvalidArgument', `Pages to fit must be a whole number from 1: ${String(pages)}.`);
        if (z.scale === undefined && z.horizontalFitToPages === undefined && z.verticalFitToPages === undefined) fail('InvalidArgument', 'An empty zoom.');
        s.pageLayout.zoom = { ...z };
      }),
      centerHorizontally: prop('centerHorizontally', (s, v) => {
        s.pageLayout.centerHorizontally = Boolean(v);
      }),
      leftMargin: margin('leftMargin'),
      rightMargin: margin('rightMargin'),
      topMargin: margin('topMargin'),
      bottomMargin: margin('bottomMargin'),
      headerMargin: margin('headerMargin'),
      footerMargin: margin('footerMargin'),
    },
  );
  return proxy;
}

// ---------------------------------------------------------------- names, workbook

class DoubleNamedItem extends Proxy implements NamedItemApi {
  constructor(
    ctx: DoubleContext,
    private readonly ref: () => NameState | null,
    nullable: boolean,
    label: string,
  ) {
    super(ctx, label);
    if (nullable) ctx.enqueue(() => this.loaded.set('isNullObject', this.ref() === null), 0, label);
  }
  protected read(name: string): unknown {
    const n = this.ref();
    if (name === 'isNullObject') return n === null;
    if (!n) return null;
    switch (name) {
      case 'name':
        return n.name;
      case 'formula':
        return n.formula;
      case 'visible':
        return n.visible;
      case 'type':
        return n.formula.includes('#REF!') ? 'Error' : splitSheetRef(n.formula.slice(1)) ? 'Range' : 'String';
      default:
        return fail('InvalidArgument', `Unknown property ${name}`, this.label);
    }
  }
  private edit(fn: (n: NameState) => void, what: string): void {
    this.ctx.enqueue(
      () => {
        const n = this.ref() ?? fail('ItemNotFound', 'No such name.', this.label);
        this.ctx.checkWritable(what);
        fn(n);
      },
      40,
      `${this.label}.${what}`,
    );
  }
  get name(): string {
    return this.prop('name');
  }
  get formula(): any {
    return this.prop('formula');
  }
  set formula(v: any) {
    this.edit((n) => {
      const formula = String(v).startsWith('=') ? String(v) : `=${v}`;
      const missing = this.ctx.unresolved(formula.slice(1), `${this.label}.formula`);
      n.formula = asExternal(formula, missing.sheets);
    }, 'formula');
  }
  get type(): Excel.NamedItemType | 'String' | 'Integer' | 'Double' | 'Boolean' | 'Range' | 'Error' | 'Array' {
    return this.prop('type');
  }
  get visible(): boolean {
    return this.prop('visible');
  }
  set visible(v: boolean) {
    this.edit((n) => {
      n.visible = v;
    }, 'visible');
  }
  get isNullObject(): boolean {
    return this.prop('isNullObject');
  }
  delete(): void {
    this.ctx.enqueue(
      () => {
        const n = this.ref() ?? fail('ItemNotFound', 'No such name.', this.label);
        this.ctx.checkWritable('delete');
        this.ctx.state.names.splice(this.ctx.state.names.indexOf(n), 1);
      },
      20,
      `${this.label}.delete`,
    );
  }
}

class DoubleNamedItemCollection extends DoubleCollection<DoubleNamedItem> implements NamedItemCollectionApi {
  constructor(ctx: DoubleContext) {
    super(ctx, 'names');
  }
  protected currentItems(): DoubleNamedItem[] {
    return this.ctx.state.names.map((n) => new DoubleNamedItem(this.ctx, () => (this.ctx.state.names.includes(n) ? n : null), false, `names['${n.name}']`));
  }
  add(name: string, reference: string, _comment?: string): NamedItemApi {
    let created: NameState | null = null;
    this.ctx.enqueue(
      () => {
        const wb = this.ctx.state;
        this.ctx.checkWritable('names.add');
        checkNewName(wb, name);
        const formula = reference.startsWith('=') ? reference : `=${reference}`;
        const missing = this.ctx.unresolved(formula.slice(1), `names.add(${name})`);
        if (missing.sheets.length) fail('InvalidArgument', `No sheet ${missing.sheets[0]} for ${name}.`, 'NamedItemCollection.add');
        const split = splitSheetRef(formula.slice(1));
        if (split) boundsOf(split.range);
        created = { name, formula, visible: true };
        wb.names.push(created);
      },
      payloadBytes([name, reference]),
      `names.add(${name})`,
    );
    return new DoubleNamedItem(this.ctx, () => created, false, `names['${name}']`);
  }
  getItemOrNullObject(name: string): NamedItemApi {
    return new DoubleNamedItem(
      this.ctx,
      () => this.ctx.state.names.find((n) => n.name.toLowerCase() === name.toLowerCase()) ?? null,
      true,
      `names.getItemOrNullObject('${name}')`,
    );
  }
}

class DoubleTables extends DoubleCollection<DoubleTable> {
  constructor(ctx: DoubleContext) {
    super(ctx, 'tables');
  }
  protected currentItems(): DoubleTable[] {
    return this.ctx.state.tables.map((t) => new DoubleTable(this.ctx, () => t, `tables['${t.name}']`));
  }
}

export class DoubleWorkbook extends Proxy implements WorkbookApi {
  readonly worksheets: DoubleWorksheetCollection;
  readonly names: DoubleNamedItemCollection;
  readonly tables: DoubleTables;
  readonly protection: DoubleProtection;
  constructor(ctx: DoubleContext) {
    super(ctx, 'workbook');
    this.worksheets = new DoubleWorksheetCollection(ctx);
    this.names = new DoubleNamedItemCollection(ctx);
    this.tables = new DoubleTables(ctx);
    this.protection = new DoubleProtection(ctx, () => ctx.state.protected, 'workbook.protection');
  }
  protected read(name: string): unknown {
    if (name === 'readOnly') return this.ctx.state.readOnly;
    if (name === 'name') return 'Book1.xlsx';
    return fail('InvalidArgument', `Unknown property ${name}`, this.label);
  }
  protected child(name: string): Proxy | null {
    return name === 'protection' ? this.protection : null;
  }
  get readOnly(): boolean {
    return this.prop('readOnly');
  }

  /** The double does not calculate; a recalculation is an operation like any other. */
  readonly application = {
    calculate: (type: 'Full'): void =>
      this.ctx.enqueue(
        () => {
          if (type !== 'Full') fail('InvalidArgument', type);
        },
        10,
        'application.calculate',
      ),
  };

  readonly functions = {
    date: (year: number, month: number, day: number): DoubleFunctionResult =>
      new DoubleFunctionResult(
        this.ctx,
        () => {
          if (this.ctx.double.functionError) return { error: this.ctx.double.functionError };
          // DATE counts days from the workbook's epoch: 1900-01-00 (with Excel's 1900 leap day) or 1904-01-01.
          const days = Math.round(Date.UTC(year, month - 1, day) / 86_400_000);
          return { value: this.ctx.state.date1904 ? days - Math.round(Date.UTC(1904, 0, 1) / 86_400_000) : days + 25569 };
        },
        `functions.date(${year},${month},${day})`,
      ),
  };
}

class DoubleFunctionResult extends Proxy {
  constructor(
    ctx: DoubleContext,
    private readonly compute: () => { value?: number; error?: string },
    label: string,
  ) {
    super(ctx, label);
  }
  protected read(name: string): unknown {
    // Excel.FunctionResult: `value` is populated only if `error` is not set.
    if (name === 'value') return this.compute().value ?? null;
    if (name === 'error') return this.compute().error ?? null;
    return fail('InvalidArgument', `Unknown property ${name}`, this.label);
  }
  get value(): number {
    return this.prop('value');
  }
  get error(): string {
    return this.prop('error');
  }
}
