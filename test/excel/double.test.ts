/** The Excel test double behaves like Excel where the renderer depends on it. */
import { ExcelDouble, OfficeJsError } from '../../src/excel-double/double';
import { shiftFormula } from '../../src/core/formula-shift';
import { textInput } from '../../src/excel/cell-input';

async function failure(p: Promise<unknown>): Promise<OfficeJsError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(OfficeJsError);
  return e as OfficeJsError;
}

test('a property is readable only after load and sync', async () => {
  const double = new ExcelDouble();
  const ctx = double.context();
  const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:B1');
  r.values = [[1, 'x']];
  expect(() => r.values).toThrow(/not available/);
  r.load('values');
  expect(() => r.values).toThrow(/not available/);
  await ctx.sync();
  expect(r.values).toEqual([[1, 'x']]);
  expect(() => r.numberFormat).toThrow(/not available/);
  expect(double.syncs.length).toBe(1);
});

test('a missing sheet fails the sync with ItemNotFound; OrNullObject gives a null object', async () => {
  const ctx = new ExcelDouble().context();
  const missing = ctx.workbook.worksheets.getItemOrNullObject('无');
  await ctx.sync();
  expect(missing.isNullObject).toBe(true);
  ctx.workbook.worksheets.getItem('无').getRange('A1').values = [[1]];
  expect((await failure(ctx.sync())).code).toBe('ItemNotFound');
});

test('a wrong-sized array fails with InvalidArgument; earlier operations of the batch stay applied', async () => {
  const double = new ExcelDouble();
  const ctx = double.context();
  const ws = ctx.workbook.worksheets.getItem('Sheet1');
  ws.getRange('A1').values = [[1]];
  ws.getRange('A2:B2').values = [[1, 2, 3]];
  ws.getRange('A3').values = [[3]];
  expect((await failure(ctx.sync())).code).toBe('InvalidArgument');
  expect(double.cell('Sheet1', 'A1')?.value).toBe(1);
  expect(double.cell('Sheet1', 'A3')).toBeUndefined();
});

test('strings are read as typed input; an apostrophe keeps text as text; null leaves a cell alone', async () => {
  const double = new ExcelDouble();
  const ctx = double.context();
  const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:F2');
  r.values = [
    ['=1+1', '12', '2024-03-15', 'TRUE', "'=1+1", '-A1'],
    ['x', null, "'12", "'TRUE", '', 'y'],
  ];
  await ctx.sync();
  const c = (a: string) => double.cell('Sheet1', a);
  expect(c('A1')?.formula).toBe('1+1');
  expect(c('B1')?.value).toBe(12);
  expect(c('C1')?.value).toBe(45366);
  expect(c('D1')?.value).toBe(true);
  expect(c('E1')).toEqual({ value: '=1+1' });
  expect(c('F1')?.formula).toBe('-A1');
  expect(c('B2')).toBeUndefined();
  expect(c('C2')?.value).toBe('12');
  expect(c('D2')?.value).toBe('TRUE');
});

test('user text written by the renderer stays exactly that text', async () => {
  const hostile = [
    '=HYPERLINK("x")',
    '+86 10 1234',
    '-张三',
    '@宣传部',
    '2024-03-15',
    '3月15日',
    '12',
    'TRUE',
    "'引号",
    ' 前空格',
    '整改台账',
    'Owner',
    '一月',
  ];
  const double = new ExcelDouble();
  const ctx = double.context();
  ctx.workbook.worksheets.getItem('Sheet1').getRange(`A1:A${hostile.length}`).formulas = hostile.map((t) => [textInput(t)]);
  await ctx.sync();
  hostile.forEach((t, i) => expect(double.cell('Sheet1', `A${i + 1}`)).toEqual({ value: t }));
});

test('names and tables: one namespace, valid names only, no overlapping tables', async () => {
  const double = new ExcelDouble();
  const ctx = double.context();
  ctx.workbook.names.add('AsOfDate', "='Sheet1'!$B$3");
  await ctx.sync();
  ctx.workbook.names.add('asofdate', "='Sheet1'!$B$4");
  expect((await failure(ctx.sync())).code).toBe('ItemAlreadyExists');
  ctx.workbook.names.add('A1', "='Sheet1'!$B$4");
  expect((await failure(ctx.sync())).code).toBe('InvalidArgument');
  const ws = ctx.workbook.worksheets.getItem('Sheet1');
  ws.tables.add('A10:C12', true).name = 'AsOfDate';
  expect((await failure(ctx.sync())).code).toBe('ItemAlreadyExists');
  ws.tables.add('B11:D13', true);
  expect((await failure(ctx.sync())).code).toBe('InvalidArgument');
});

test('a protected sheet refuses writes; a read-only workbook refuses everything', async () => {
  const double = new ExcelDouble();
  double.sheet('Sheet1').protected = true;
  const ctx = double.context();
  ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [[1]];
  expect((await failure(ctx.sync())).code).toBe('AccessDenied');
  double.sheet('Sheet1').protected = false;
  double.state.readOnly = true;
  ctx.workbook.worksheets.add('新');
  expect((await failure(ctx.sync())).code).toBe('AccessDenied');
  expect(double.state.sheets.length).toBe(1);
});

test('a request over 5 MB is refused whole, as Excel on the web does', async () => {
  const double = new ExcelDouble();
  const ctx = double.context();
  const rows = Array.from({ length: 100_000 }, (_, i) => [`第${i}行的一段比较长的问题描述文字`, i]);
  ctx.workbook.worksheets.getItem('Sheet1').getRange(`A1:B${rows.length}`).values = rows;
  expect((await failure(ctx.sync())).code).toBe('RequestPayloadSizeLimitExceeded');
  expect(double.sheet('Sheet1').cells.size).toBe(0);
});

test('a new conditional format goes first; priority moves it', async () => {
  const double = new ExcelDouble();
  const ctx = double.context();
  const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:A5');
  r.conditionalFormats.add('Custom').custom.rule.formula = '=A1>1';
  r.conditionalFormats.add('Custom').custom.rule.formula = '=A1>2';
  await ctx.sync();
  expect(double.sheet('Sheet1').conditionalFormats.map((c) => c.formula)).toEqual(['A1>2', 'A1>1']);
  const third = r.conditionalFormats.add('Custom');
  third.custom.rule.formula = '=A1>3';
  third.priority = 2;
  await ctx.sync();
  expect(double.sheet('Sheet1').conditionalFormats.map((c) => c.formula)).toEqual(['A1>2', 'A1>1', 'A1>3']);
});

test('AutoFill moves relative references down and keeps absolute ones', async () => {
  const double = new ExcelDouble({ sheets: ['Sheet1', 'Sheet 1'] });
  double.state.names.push({ name: 'AsOfDate2', formula: "='Sheet1'!$B$1", visible: true });
  const ctx = double.context();
  const ws = ctx.workbook.worksheets.getItem('Sheet1');
  ws.getRange('C2').formulas = [['=IF(A2>$B$1,"A2",\'Sheet 1\'!A2)+AsOfDate2']];
  ws.getRange('C2').autoFill('C2:C4', 'FillDefault');
  await ctx.sync();
  expect(double.cell('Sheet1', 'C4')?.formula).toBe('IF(A4>$B$1,"A2",\'Sheet 1\'!A4)+AsOfDate2');
});

test.each([
  ['D3+$D$3+D$3+$D3', 2, 'D5+$D$3+D$3+$D5'],
  ['SUM(A1:B2)*LOG10(C1)', 1, 'SUM(A2:B3)*LOG10(C2)'],
  ['COUNTIFS(CL_MakeupDays,">"&AsOfDate,D:D,"<="&D3)', 1, 'COUNTIFS(CL_MakeupDays,">"&AsOfDate,D:D,"<="&D4)'],
  ['"D3"&\'D3\'!D3', 1, '"D3"&\'D3\'!D4'],
])('shiftFormula(%s, %i)', (formula, rows, expected) => {
  expect(shiftFormula(formula, rows, 0)).toBe(expected);
});

describe('Excel.createWorkbook, as Microsoft documents it', () => {
  // https://learn.microsoft.com/javascript/api/excel#excel-excel-createworkbook-function(1):
  // "Creates and opens a new workbook. Optionally, the workbook can be pre-populated with a
  // Base64-encoded .xlsx file." [ExcelApi 1.8]
  const xlsx = Buffer.from('UEsDBBQAAAAIAA==', 'base64').toString('base64');

  test('a Base64 .xlsx is opened and recorded; what is not one is refused with InvalidArgument', async () => {
    const double = new ExcelDouble();
    await double.createWorkbook(xlsx);
    expect(double.createdWorkbooks.map((w) => Buffer.from(w.bytes).toString('base64'))).toEqual([xlsx]);
    // OfficeDev/office-js#2537: a file Excel will not open gives "The argument is invalid, missing or has an incorrect format."
    expect((await failure(double.createWorkbook(Buffer.from('not a workbook').toString('base64')))).code).toBe('InvalidArgument');
    expect((await failure(double.createWorkbook('%%%'))).code).toBe('InvalidArgument');
    expect(double.createdWorkbooks).toHaveLength(1);
  });

  test('below ExcelApi 1.8 office.js refuses it before sending anything (ApiNotFound)', async () => {
    const double = new ExcelDouble({ excelApi: 7 });
    expect((await failure(double.createWorkbook(xlsx))).code).toBe('ApiNotFound');
  });

  test('the file travels in the request: on the web, past the request limit, RequestPayloadSizeLimitExceeded', async () => {
    const double = new ExcelDouble({ platform: 'OfficeOnline', payloadLimit: 1000 });
    const big = Buffer.concat([Buffer.from('UEsDBA==', 'base64'), Buffer.alloc(2000)]).toString('base64');
    expect((await failure(double.createWorkbook(big))).code).toBe('RequestPayloadSizeLimitExceeded');
    expect(double.createdWorkbooks).toEqual([]);
  });

  test('office.js runs it with delayForCellEdit: it waits while a cell is being edited', async () => {
    const double = new ExcelDouble();
    double.beginCellEdit();
    let done = false;
    const opening = double.createWorkbook(xlsx).then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    double.endCellEdit();
    await opening;
    expect(double.createdWorkbooks).toHaveLength(1);
  });
});
