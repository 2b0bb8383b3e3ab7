/**
 * Plans as Word documents: files LibreOffice Writer wrote (test/fixtures/docx), and documents built
 * with Word's XML for its numbering formats; damaged, old and hostile files get a clear refusal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { parsePlan } from '../../src/core';
import { DocxError, docxText } from '../../src/docx/plan-text';
import { docx, para, table } from '../helpers/docx';

const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.resolve(__dirname, '../fixtures/docx', name)));
const plans = path.resolve(__dirname, '../fixtures/plans');
const kind = (bytes: Uint8Array) => {
  try {
    docxText(bytes);
    return 'read';
  } catch (error) {
    return error instanceof DocxError ? error.kind : String(error);
  }
};

describe('files LibreOffice Writer wrote', () => {
  test('a plan with a 时间安排 table and a 任务分工 table: phases, dated tasks with units, deadline, group', () => {
    const p = parsePlan(docxText(fixture('tables-plan.docx')));
    expect(p.title).toBe('某县2023年食品安全专项整治行动实施方案');
    expect(p.year).toBe(2023);
    expect(p.phases.map((x) => [x.name, x.start, x.end, x.inferred, x.tasks])).toEqual([
      ['动员部署', '2023-03-01', '2023-03-15', [], ['召开动员会', '制定方案']],
      ['排查整治', '2023-03-16', '2023-06-30', [], ['全面排查', '建立台账']],
      ['巩固提升', '2023-07-01', '2023-07-31', ['start', 'end'], ['总结经验']],
    ]);
    expect(p.assignments).toEqual([
      { task: '开展校园周边食品安全检查', lead: ['食品经营科'], units: ['各市场监管所', '县教育局'], due: '2023-04-30' },
      { task: '整治农村集体聚餐风险', lead: ['食品生产科'], units: ['各乡镇人民政府'], due: '2023-06-30' },
      { task: '建立问题整改台账并逐项销号', lead: ['综合执法大队'], units: ['各市场监管所'], due: '2023-07-31' },
    ]);
    expect(p.milestones).toMatchObject([{ due: '2023-07-20', text: '各单位要于7月20日前将整治工作总结报送局办公室' }]);
    expect(p.leadingGroup).toEqual({ leader: ['王建国'], deputies: ['李红梅', '陈志强'], members: ['赵敏', '孙磊', '周静'], office: [] });
    expect(p.warnings).toEqual([]);
  });

  test.each(['env-action-2005', 'town-sanitation-group', 'cadre-style-tw-masked'])('%s.docx reads exactly as its text', (name) => {
    const fromText = parsePlan(fs.readFileSync(path.join(plans, `${name}.txt`), 'utf8'));
    const fromWord = parsePlan(docxText(fixture(`${name}.docx`)));
    expect(fromWord).toEqual(fromText);
    expect(fromWord.phases.length).toBeGreaterThan(0);
  });
});

describe("Word's numbering, written out as the reader sees it", () => {
  const lists = {
    1: [
      { format: 'chineseCounting', text: '%1、' },
      { format: 'chineseCounting', text: '（%2）' },
      { format: 'decimal', text: '%3.' },
    ],
    2: [{ format: 'chineseCounting', text: '第%1阶段：' }],
    3: [{ format: 'bullet', text: '' }],
  };

  test('一、 (一) 1. and 第一阶段 come from numbering.xml; runs split mid-word are joined', () => {
    const bytes = docx(
      [
        para('某局2024年作风建设|专项整治实施方案'),
        para('时间安排', { id: 1 }),
        para('动员部署阶段（3月1日至3月15日）', { id: 1, level: 1 }),
        para('召开动员大会。', { id: 1, level: 2 }),
        para('制定|实施方案。', { id: 1, level: 2 }),
        para('查摆问题阶段（3月16日至4月30日）', { id: 1, level: 1 }),
        para('组织领导', { id: 1 }),
        para('组长：王建国'),
        para('要点', { id: 3 }),
      ],
      lists,
    );
    const text = docxText(bytes);
    expect(text.split('\n')).toEqual([
      '某局2024年作风建设专项整治实施方案',
      '一、 时间安排',
      '（一） 动员部署阶段（3月1日至3月15日）',
      '1. 召开动员大会。',
      '2. 制定实施方案。',
      '（二） 查摆问题阶段（3月16日至4月30日）',
      '二、 组织领导',
      '组长：王建国',
      '要点',
    ]);
    const p = parsePlan(text);
    expect(p.phases.map((x) => [x.name, x.start, x.end, x.tasks])).toEqual([
      ['动员部署阶段', '2024-03-01', '2024-03-15', ['召开动员大会', '制定实施方案']],
      ['查摆问题阶段', '2024-03-16', '2024-04-30', []],
    ]);
  });

  test('第%1阶段 numbering names the phases; a table with a merged cell and cells of two paragraphs', () => {
    const bytes = docx(
      [
        para('某县2025年安全生产专项行动方案'),
        para('动员部署（5月）', { id: 2 }),
        para('集中整治（6月1日至8月31日）', { id: 2 }),
        table([
          ['工作任务', '牵头单位', '责任单位', '完成时限'],
          ['排查重大隐患', '县应急局', ['各乡镇', '县住建局'], ['2025年6月30日', '前']],
          [`清理${'&'}整治违规仓库`, '县消防救援大队', null, '7月底前'],
        ]),
      ],
      lists,
    );
    const p = parsePlan(docxText(bytes));
    expect(p.phases.map((x) => [x.name, x.start, x.end, x.inferred])).toEqual([
      ['动员部署', '2025-05-01', '2025-05-31', ['start', 'end']],
      ['集中整治', '2025-06-01', '2025-08-31', []],
    ]);
    expect(p.assignments).toEqual([
      { task: '排查重大隐患', lead: ['县应急局'], units: ['各乡镇', '县住建局'], due: '2025-06-30' },
      { task: '清理&整治违规仓库', lead: ['县消防救援大队'], units: [], due: '2025-07-31' },
    ]);
  });
});

describe('files that are not a readable .docx', () => {
  test('an old .doc or .wps (OLE2 compound file) is recognised, to ask for .docx', () => {
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(kind(ole)).toBe('oldWord');
  });

  test('a workbook, a damaged .docx, random bytes and an empty file are not Word documents', () => {
    const workbook = zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') });
    const good = fixture('tables-plan.docx');
    expect(kind(workbook)).toBe('notDocx');
    expect(kind(good.subarray(0, good.length / 2))).toBe('notDocx');
    expect(kind(strToU8('PK\u0003\u0004 not really a zip'))).toBe('notDocx');
    expect(kind(new Uint8Array(0))).toBe('notDocx');
  });

  test('a zip bomb is refused before it is inflated', () => {
    const huge = new Uint8Array(64 * 1024 * 1024).fill(32);
    const bomb = zipSync({ 'word/document.xml': huge }, { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(kind(bomb)).toBe('notDocx');
  });

  test('broken XML in document.xml is refused, not half read', () => {
    const broken = zipSync({ 'word/document.xml': strToU8('<w:document xmlns:w="x"><w:body><w:p><w:t>第一阶段') });
    expect(kind(broken)).toBe('notDocx');
  });
});
