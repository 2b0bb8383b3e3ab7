/**
 * The five real plans in ../shared/plans, as published (clutter, Traditional characters with
 * pinyin, masked years). Expectations are written from reading each plan.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parsePlan, type ParsedPlan } from '../../src/core';

const read = (name: string) => fs.readFileSync(path.resolve(__dirname, '../../../shared/plans', name), 'utf8');
const phases = (p: ParsedPlan) => p.phases.map((x) => [x.name, x.start, x.end]);

describe('plan-a: 深入解放思想、推进科学发展 (2008, simplified)', () => {
  const p = parsePlan(read('plan-a.txt'));
  test('title and year from the time-span sentence', () => {
    expect(p.title).toBe('关于开展“深入解放思想、推进科学发展”活动的实施意见');
    expect([p.year, p.yearSource]).toEqual([2008, 'text']);
  });
  test('three phases with their dates', () => {
    expect(phases(p)).toEqual([
      ['思想发动阶段', '2008-06-01', '2008-07-31'],
      ['差距剖析阶段', '2008-08-01', '2008-09-30'],
      ['工作创新阶段', '2008-10-01', '2008-11-30'],
    ]);
  });
  test('numbered items as tasks', () => {
    expect(p.phases.map((x) => x.tasks)).toEqual([[], ['广泛讨论', '专题调研', '深入剖析'], ['建立机制', '落实措施', '认真总结']]);
  });
  test('leader and deputies, titles removed', () => {
    expect(p.leadingGroup.leader).toEqual(['刘克']);
    expect(p.leadingGroup.deputies).toEqual(['徐金荣', '潘荣兴', '钱平南']);
    expect(p.leadingGroup.members).toEqual([]);
  });
  test('the 9月10日前上报 deadlines', () => {
    expect(p.milestones).toMatchObject([
      { due: '2008-09-10', text: '各科室在9月10日前将讨论交流情况以书面形式上报办公室' },
      { due: '2008-09-10', text: '在9月10日前上报局办公室' },
    ]);
    expect(p.warnings).toEqual([]);
  });
});

describe('plan-b: 科学发展观 (years masked as *8年)', () => {
  const p = parsePlan(read('plan-b.txt'));
  test('no year: a warning and no dates, never a guess', () => {
    expect([p.year, p.yearSource]).toEqual([null, null]);
    expect(p.warnings.join('\n')).toMatch(/\*8年.*--year/);
    expect(phases(p)).toEqual([
      ['学习调研阶段', null, null],
      ['分析检查阶段', null, null],
      ['整改落实阶段', null, null],
    ]);
  });
  test('with --year 2008: dates in the next paragraph, and the New Year crossing', () => {
    const y = parsePlan(read('plan-b.txt'), { year: 2008 });
    expect([y.year, y.yearSource]).toEqual([2008, 'option']);
    expect(phases(y)).toEqual([
      ['学习调研阶段', '2008-09-21', '2008-11-20'],
      ['分析检查阶段', '2008-11-11', '2008-12-31'],
      ['整改落实阶段', '2008-12-21', '2009-02-28'],
    ]);
    expect(y.phases[2].tasks).toEqual(['针对问题制定方案', '公布方案促进整改', '突出重点解决问题', '立足发展建章立制', '开展群众满意度测评']);
    expect(y.warnings).toEqual([]);
  });
  test('its leading group is announced separately: none', () => {
    expect(p.leadingGroup).toEqual({ leader: [], deputies: [], members: [], office: [] });
  });
});

describe('plan-c: 机关创新行动 (no phases)', () => {
  const p = parsePlan(read('plan-c.txt'));
  test('no phases, its content items as tasks, no error', () => {
    expect(p.title).toBe('关于开展机关创新行动的实施意见');
    expect(p.phases).toEqual([]);
    expect(p.tasks).toEqual(['推进思想建设创新', '完善组织建设创新', '强化队伍建设创新', '加大制度建设创新', '提升作风建设创新']);
    expect(p.year).toBe(2009);
    expect(p.milestones).toEqual([]);
  });
});

describe('plan-d: 開放·創新 (Traditional, pinyin inline)', () => {
  const p = parsePlan(read('plan-d.txt'));
  test('names keep the plan’s script; pinyin removed', () => {
    expect(p.title).toBe('開展“開放·創新”解放思想大討論活動實施方案');
    expect([p.year, p.yearSource]).toEqual([2011, 'text']);
    expect(phases(p)).toEqual([
      ['學習動員階段', '2011-02-18', '2011-03-10'],
      ['查擺問題階段', '2011-03-11', '2011-04-10'],
      ['整改處理階段', '2011-04-11', '2011-05-11'],
      ['評價總結階段', '2011-05-08', '2011-05-18'],
    ]);
    expect(JSON.stringify(p)).not.toMatch(/\((?:chuàng|fā|zhàn|lǐng|dǎo)\)/);
  });
  test('一是 … 二是 … items as tasks', () => {
    expect(p.phases[1].tasks[0]).toBe('看開放和創新的意識強不強');
    expect(p.phases[1].tasks).toHaveLength(5);
  });
  test('组长:A 副组长:B 成员:… and the office director (names masked XXX)', () => {
    expect(p.leadingGroup).toEqual({ leader: ['XXX'], deputies: ['XXX'], members: ['XXX', 'XXX', 'XXX', 'XXX'], office: ['XXX'] });
  });
});

describe('plan-e: 務實·創新 (Traditional, month ranges)', () => {
  const p = parsePlan(read('plan-e.txt'));
  test('(4—5月) and (5-6月)', () => {
    expect([p.year, p.yearSource]).toEqual([2010, 'text']);
    expect(phases(p)).toEqual([
      ['學習動員階段', '2010-04-01', '2010-05-31'],
      ['查擺問題階段', '2010-05-01', '2010-06-30'],
      ['整改提高階段', '2010-05-01', '2010-06-30'],
    ]);
  });
  test('由A任组长, B副组长 (no verb), …为成员', () => {
    expect(p.leadingGroup.leader).toEqual(['曾祥生']);
    expect(p.leadingGroup.deputies).toEqual(['包仁貴']);
    expect(p.leadingGroup.members).toEqual(['包仁煒', '甘榮芳', '羅文成', '歐陽可香']);
  });
});
