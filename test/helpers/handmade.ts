/** Hand-made ledgers as offices build them, written with ExcelJS for the flag tests. */
import ExcelJS from 'exceljs';

const d = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

/** Title row merged over the table, synonyms, text dates, extra user columns with formulas, notes, fills, a merged footer. */
export function layoutOne(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('作风问题整改台账');
  ws.getCell('A1').value = 'XX局作风问题整改台账';
  ws.getCell('A1').font = { bold: true, size: 16 };
  ws.mergeCells('A1:J1');
  ws.addRow(['序号', '存在问题', '整改措施', '牵头单位', '负责人', '完成时限', '完成情况', '备注', '督办次数', '核实人']);
  ws.getRow(2).font = { bold: true };
  const rows: (string | number | null)[][] = [
    [1, '会议过多', '精简会议', '办公室', '张三', '2024-3-15', '', '', null, '甲'],
    [2, '文件过多', '精简文件', '办公室', '李四', '2024/04/12', '推进中', '', null, '乙'],
    [3, '调研不深', '开展调研', '业务科', '王五', '2024年3月1日', '已完成', '', null, '丙'],
    [4, '服务不优', '优化服务', '业务科', '赵六', '3月15日', '', '重点', null, '丁'],
    [5, '作风漂浮', '转变作风', '纪检室', '钱七', '3月底', '', '', null, '戊'],
    [6, '制度缺失', '建立制度', '纪检室', '孙八', '长期坚持', '', '', null, '己'],
    [7, '台账不全', '完善台账', '办公室', '张三', '2024-05-30', '', '', null, '庚'],
  ];
  rows.forEach((r, i) => {
    const row = ws.addRow(r);
    row.getCell(9).value = { formula: `ROW()-2`, result: i + 1 } as ExcelJS.CellFormulaValue;
  });
  ws.getCell('B3').note = '群众反映较多';
  ws.getCell('F4').note = '已延期一次';
  ws.getRow(3).eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
  });
  ws.getCell('A10').value = '填表人:周九    审核:吴十';
  ws.mergeCells('A10:J10');
  ws.getColumn(2).width = 30;
  const other = wb.addWorksheet('说明');
  other.getCell('A1').value = '本台账每周五更新';
  other.getCell('B2').value = { formula: 'COUNTA(作风问题整改台账!B3:B9)', result: 7 } as ExcelJS.CellFormulaValue;
  return wb;
}
export const LAYOUT_ONE = {
  sheet: '作风问题整改台账',
  overdue: [
    [3, 26],
    [6, 26],
    [7, 10],
  ],
  dueSoon: 1,
  ownedFrom: 11,
};

/** Header on row 4 under title rows, columns in another order, real date cells, sign-off and completion columns. */
export function layoutTwo(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const notes = wb.addWorksheet('说明');
  notes.getCell('A1').value = '填报说明';
  const ws = wb.addWorksheet('Sheet1');
  ws.getCell('A1').value = '关于巡察反馈问题整改情况统计表';
  ws.mergeCells('A1:H1');
  ws.getCell('A2').value = '填报单位:XX局';
  ws.getRow(4).values = ['截止日期', '问题描述', '承办人', '责任部门', '办结日期', '销号时间', '整改进展', '其他说明'];
  const data: (Date | string | null)[][] = [
    [d('2024-04-01'), 'A问题', '甲', '一科', null, null, '推进中', ''],
    [d('2024-04-09'), 'B问题', '乙', '二科', d('2024-04-08'), null, '', ''],
    [d('2024-03-01'), 'C问题', '丙', '一科', null, d('2024-03-20'), '', '已销号'],
    [d('2024-04-10'), 'D问题', '丁', '二科', null, null, '', ''],
    [d('2024-04-09'), 'E问题', '戊', '二科', null, null, '', ''],
  ];
  data.forEach((r, i) => {
    ws.getRow(5 + i).values = r;
    ws.getCell(5 + i, 1).numFmt = 'yyyy"年"m"月"d"日"';
  });
  ws.getCell('H6').note = '提前完成';
  return wb;
}
export const LAYOUT_TWO = {
  sheet: 'Sheet1',
  overdue: [
    [5, 9],
    [9, 1],
  ],
  dueSoon: 1,
  ownedFrom: 9,
};

/** Traditional headers, serial numbers without a date format, and a 首次逾期日期 column from an earlier run. */
export function layoutThree(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('整改台賬');
  ws.addRow(['序號', '問題描述', '整改措施', '責任單位', '責任人', '整改時限', '完成日期', '首次逾期日期']);
  ws.addRow([1, '甲問題', '甲措施', '一科', '陳一', 45366, null, d('2024-03-20')]);
  ws.addRow([2, '乙問題', '乙措施', '二科', '林二', 45400, null, null]);
  ws.addRow([3, '丙問題', '丙措施', '一科', '黃三', 45380, 45385, null]);
  ws.getCell('H2').numFmt = 'yyyy-mm-dd';
  return wb;
}
export const LAYOUT_THREE = { sheet: '整改台賬', overdue: [[2, 26]], dueSoon: 0, ownedFrom: 8 };

export async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Two title rows, other header words (编号, 问题清单, 整改举措, 承办单位, 经办人, 整改期限, 办结时间, 整改进展), text dates with dots and spaces, a 小 计 row. */
export function layoutFour(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('巡察整改台账');
  ws.getCell('A1').value = '关于巡察反馈问题整改落实情况台账';
  ws.mergeCells('A1:I1');
  ws.getCell('A2').value = '填报单位:(盖章)   填报日期:2024年4月';
  ws.getRow(3).values = ['编号', '问题清单', '整改举措', '承办单位', '经办人', '整改期限', '办结时间', '整改进展', '备注'];
  const rows: (string | number)[][] = [
    [1, 'A问题', 'a措施', '一科', '甲', '2024.3.20', '', '正在推进', ''],
    [2, 'B问题', 'b措施', '二科', '乙', '2024-4-12 ', '', '', ''],
    [3, 'C问题', 'c措施', '一科', '丙', '4月30日', '2024/4/5', '', ''],
    [4, 'D问题', 'd措施', '二科', '丁', '立行立改', '', '', ''],
    [5, 'E问题', 'e措施', '三科', '戊', '下周五', '', '', '待定'],
    ['小 计', '5项', '', '', '', '', '', '', ''],
    [6, 'F问题', 'f措施', '三科', '己', '2024-04-25', '', '已整改到位', ''],
  ];
  rows.forEach((r, i) => (ws.getRow(4 + i).values = r));
  ws.getCell('B4').note = '群众来信';
  return wb;
}

/** Traditional headers on row 1 (序號, 存在問題, 責任人, 完成時限, 銷號時間, 進展情況), real dates, a 合計 row. */
export function layoutFive(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('整改清單');
  ws.addRow(['序號', '存在問題', '整改措施', '責任人', '完成時限', '銷號時間', '進展情況']);
  ws.addRow([1, '甲', 'a', '陳一', d('2024-04-01'), null, null]);
  ws.addRow([2, '乙', 'b', '林二', d('2024-04-13'), null, null]);
  ws.addRow([3, '丙', 'c', '黃三', d('2024-03-01'), '√', null]);
  ws.addRow([4, '丁', 'd', '何四', null, null, null]);
  ws.addRow(['合計', '4', null, null, null, null, null]);
  for (let r = 2; r <= 4; r++) ws.getCell(`E${r}`).numFmt = 'yyyy/m/d';
  return wb;
}

/** English headers (No., Problem, Owner, Deadline, Completed on): text and serial dates, 是 as done, a Total row. */
export function layoutSix(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Ledger');
  ws.addRow(['No.', 'Problem', 'Owner', 'Deadline', 'Completed on']);
  ws.addRow([1, 'x', 'A', '2024-04-20', null]);
  ws.addRow([2, 'y', 'B', 45387, null]);
  ws.addRow([3, 'z', 'C', '2024-04-08', '是']);
  ws.addRow(['Total', '3', null, null, null]);
  return wb;
}
