/**
 * The part of the Excel JavaScript API campaign-ledger uses, as interfaces built from
 * @types/office-js. The renderer is written against these, so it runs on the real Excel objects
 * and on the test double alike; the checks at the bottom prove at compile time that the real
 * Excel classes satisfy every interface here, so the subset cannot drift from Office.js.
 */

type Props<T, K extends keyof T> = Pick<T, K>;

export interface LoadableApi {
  load(propertyNames?: string | string[]): this;
}

export type RangeBorderApi = Props<Excel.RangeBorder, 'style' | 'color'>;

export interface RangeFormatApi extends Props<
  Excel.RangeFormat,
  'horizontalAlignment' | 'verticalAlignment' | 'wrapText' | 'columnWidth' | 'rowHeight' | 'textOrientation'
> {
  font: Props<Excel.RangeFont, 'bold' | 'size' | 'color'>;
  fill: Props<Excel.RangeFill, 'color'>;
  borders: { getItem(index: 'EdgeTop' | 'EdgeBottom' | 'EdgeLeft' | 'EdgeRight' | 'InsideVertical' | 'InsideHorizontal'): RangeBorderApi };
}

export interface DataValidationApi extends LoadableApi, Props<Excel.DataValidation, 'rule' | 'errorAlert' | 'prompt' | 'ignoreBlanks'> {}

export interface ConditionalFormatApi extends Props<Excel.ConditionalFormat, 'priority' | 'stopIfTrue'> {
  custom: {
    rule: Props<Excel.ConditionalFormatRule, 'formula'>;
    format: {
      fill: Props<Excel.ConditionalRangeFill, 'color'>;
      font: Props<Excel.ConditionalRangeFont, 'color' | 'bold'>;
    };
  };
  dataBar: Props<Excel.DataBarConditionalFormat, 'lowerBoundRule' | 'upperBoundRule'> & {
    positiveFormat: Props<Excel.ConditionalDataBarPositiveFormat, 'fillColor' | 'gradientFill'>;
  };
}

export interface RangeApi
  extends
    LoadableApi,
    Props<
      Excel.Range,
      | 'values'
      | 'formulas'
      | 'numberFormat'
      | 'valueTypes'
      | 'address'
      | 'rowIndex'
      | 'columnIndex'
      | 'rowCount'
      | 'columnCount'
      | 'isNullObject'
      | 'columnHidden'
      | 'width'
    > {
  format: RangeFormatApi;
  dataValidation: DataValidationApi;
  conditionalFormats: { add(type: 'Custom' | 'DataBar'): ConditionalFormatApi };
  merge(across?: boolean): void;
  autoFill(destinationRange: string, autoFillType?: 'FillDefault'): void;
  copyFrom(sourceRange: string, copyType?: 'Formats' | 'Values' | 'Formulas' | 'All'): void;
  getIntersectionOrNullObject(anotherRange: string): RangeApi;
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeApi;
}

export interface RangeAreasApi extends LoadableApi, Props<Excel.RangeAreas, 'address' | 'isNullObject'> {}

export interface PageLayoutApi extends Props<
  Excel.PageLayout,
  'orientation' | 'paperSize' | 'zoom' | 'centerHorizontally' | 'leftMargin' | 'rightMargin' | 'topMargin' | 'bottomMargin' | 'headerMargin' | 'footerMargin'
> {
  headersFooters: {
    defaultForAllPages: Props<Excel.HeaderFooter, 'leftHeader' | 'centerHeader' | 'rightHeader' | 'leftFooter' | 'centerFooter' | 'rightFooter'>;
  };
  load(propertyNames: string): PageLayoutApi;
  setPrintTitleRows(range: string): void;
  setPrintTitleColumns(range: string): void;
  setPrintArea(range: string): void;
  /** The sheet's print area (ExcelApi 1.9), one or more areas; a null object when it has none. */
  getPrintAreaOrNullObject(): RangeAreasApi;
}

export interface TableApi extends LoadableApi, Props<Excel.Table, 'name' | 'style'> {}

export interface ChartApi {
  title: Props<Excel.ChartTitle, 'text'>;
  legend: Props<Excel.ChartLegend, 'visible'>;
  setPosition(startCell: string, endCell?: string): void;
}

export interface WorksheetApi extends LoadableApi, Props<Excel.Worksheet, 'name' | 'visibility' | 'position' | 'tabColor' | 'isNullObject'> {
  protection: LoadableApi & Props<Excel.WorksheetProtection, 'protected'>;
  getRange(address?: string): RangeApi;
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeApi;
  freezePanes: { freezeRows(count?: number): void; freezeAt(frozenRange: string): void };
  pageLayout: PageLayoutApi;
  horizontalPageBreaks: { add(pageBreakRange: string): unknown };
  tables: { add(address: string, hasHeaders: boolean): TableApi };
  charts: { add(type: 'ColumnClustered' | 'BarClustered', sourceData: RangeApi, seriesBy?: 'Auto' | 'Columns' | 'Rows'): ChartApi };
  activate(): void;
  delete(): void;
}

export interface WorksheetCollectionApi extends LoadableApi {
  items: WorksheetApi[];
  add(name?: string): WorksheetApi;
  getItem(key: string): WorksheetApi;
  getItemOrNullObject(key: string): WorksheetApi;
  getActiveWorksheet(): WorksheetApi;
}

export interface NamedItemApi extends LoadableApi, Props<Excel.NamedItem, 'name' | 'formula' | 'type' | 'visible' | 'isNullObject'> {
  delete(): void;
}

export interface NamedItemCollectionApi extends LoadableApi {
  items: NamedItemApi[];
  add(name: string, reference: string, comment?: string): NamedItemApi;
  getItemOrNullObject(name: string): NamedItemApi;
}

export interface FunctionResultApi extends LoadableApi, Props<Excel.FunctionResult<number>, 'value' | 'error'> {}

export interface WorkbookApi extends LoadableApi, Props<Excel.Workbook, 'readOnly'> {
  worksheets: WorksheetCollectionApi;
  /** Recalculates (ExcelApi 1.1): what the self-test reads must be what Excel computes now, also in manual mode. */
  application: { calculate(calculationType: 'Full'): void };
  /** Worksheet functions evaluated by Excel in this workbook (ExcelApi 1.2): DATE tells the date system. */
  functions: { date(year: number, month: number, day: number): FunctionResultApi };
  names: NamedItemCollectionApi;
  tables: LoadableApi & { items: TableApi[] };
  protection: LoadableApi & Props<Excel.WorkbookProtection, 'protected'>;
}

export interface ContextApi {
  workbook: WorkbookApi;
  sync(): Promise<unknown>;
}

// Compile-time proof that the real Office.js classes have every member used here, typed alike.
// (Range parameters are address strings: a real method that wants a real Excel.Range could not
// accept the double's, and an address is all the renderer ever passes.)
type Satisfies<Real extends Ours, Ours> = [Real, Ours];
export type OfficeJsConformance = [
  Satisfies<Excel.RequestContext, ContextApi>,
  Satisfies<Excel.Workbook, WorkbookApi>,
  Satisfies<Excel.Worksheet, WorksheetApi>,
  Satisfies<Excel.Range, RangeApi>,
  Satisfies<Excel.NamedItemCollection, NamedItemCollectionApi>,
  Satisfies<Excel.ConditionalFormat, ConditionalFormatApi>,
  Satisfies<Excel.PageLayout, PageLayoutApi>,
];
