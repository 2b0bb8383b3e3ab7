/**
 * Thirty-eight real plans, as published on public web pages (test/fixtures/plans/sources.json):
 * campaigns, years, scripts and forms the five sample plans do not have. Each expectation was
 * written by reading the plan, before the importer was run on it. A phase is
 * [name, start, end, inferred]: `inferred` lists the dates the plan does not state and the
 * importer worked out (a whole month, a year carried over New Year, a neighbour's date).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parsePlan, type ParsedPlan } from '../../src/core';

const dir = path.resolve(__dirname, '../fixtures/plans');
const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
const phases = (p: ParsedPlan) => p.phases.map((x) => [x.name, x.start, x.end, x.inferred]);
const dues = (p: ParsedPlan) => p.milestones.map((m) => m.due);

describe('the corpus is what sources.json lists', () => {
  test('every file has a source, every source a file', () => {
    const sources = JSON.parse(read('sources.json')) as { files: Record<string, unknown> };
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.txt'));
    expect(files.sort()).toEqual(Object.keys(sources.files).sort());
    expect(files.length).toBeGreaterThanOrEqual(20);
  });
});

describe('专项整治 / 安全生产', () => {
  test('env-action-2005: the plan year is 2005, not the 2003年以来 it looks back to', () => {
    const p = parsePlan(read('env-action-2005.txt'));
    expect(p.year).toBe(2005);
    expect(phases(p)).toEqual([
      ['自查摸底阶段', '2005-07-03', '2005-07-15', []],
      ['全面整治阶段', '2005-07-16', '2005-08-31', []],
      ['抽查和重点检查阶段', '2005-09-01', '2005-09-30', []],
      ['总结考核阶段', '2005-10-01', '2005-11-10', []],
    ]);
    expect(dues(p)).toEqual(['2005-07-15', '2005-09-25', '2005-11-10']);
  });

  test('rural-cleanup-masked: 20** years give no dates and say so; with --year the schedule crosses New Year, marked', () => {
    const p = parsePlan(read('rural-cleanup-masked.txt'));
    expect(p.year).toBeNull();
    expect(p.warnings.join('\n')).toContain('20**');
    expect(phases(p).map((x) => [x[0], x[1], x[2]])).toEqual([
      ['宣传发动阶段', null, null],
      ['集中整治阶段', null, null],
      ['巩固提升阶段', null, null],
      ['考核验收阶段', null, null],
    ]);
    const y = parsePlan(read('rural-cleanup-masked.txt'), { year: 2019 });
    expect(phases(y)).toEqual([
      ['宣传发动阶段', '2019-12-07', '2019-12-09', []],
      ['集中整治阶段', '2019-12-10', '2020-01-05', ['end']],
      ['巩固提升阶段', '2020-01-06', '2020-01-20', ['start', 'end']],
      ['考核验收阶段', '2020-01-21', '2020-02-02', ['start', 'end']],
    ]);
  });

  test('sichuan-safety-check-2014: two stages in one sentence; no year in the text, so none is guessed', () => {
    const p = parsePlan(read('sichuan-safety-check-2014.txt'));
    expect(p.title).toBe('四川省人民政府办公厅关于印发四川省集中开展安全生产大检查实施方案的通知');
    expect(p.year).toBeNull();
    expect(phases(p).map((x) => x[0])).toEqual(['自查自纠', '督促检查']);
    const y = parsePlan(read('sichuan-safety-check-2014.txt'), { year: 2014 });
    expect(phases(y)).toEqual([
      ['自查自纠', '2014-07-01', '2014-07-31', []],
      ['督促检查', '2014-08-01', '2014-09-30', []],
    ]);
  });

  test('linshui-market-town: 第一个阶段为… phases without dates, each warned', () => {
    const p = parsePlan(read('linshui-market-town.txt'));
    expect(phases(p)).toEqual([
      ['限期整改阶段', null, null, []],
      ['集中整治阶段', null, null, []],
      ['巩固提高阶段', null, null, []],
    ]);
    expect(p.warnings.filter((w) => /限期整改阶段|集中整治阶段|巩固提高阶段/.test(w))).toHaveLength(3);
  });

  test('town-sanitation-group: undated phases; posts before names; 组员 as members', () => {
    const p = parsePlan(read('town-sanitation-group.txt'));
    expect(phases(p).map((x) => x[0])).toEqual(['启动宣传阶段', '实施推进阶段', '考核验收阶段']);
    expect(p.leadingGroup).toEqual({
      leader: ['庞飞'],
      deputies: ['杨骏'],
      members: ['许德群', '陶宏壮', '戴于岛', '符茂敬', '张建堂', '黄贤帅', '洪贤瑞', '冯秋慧', '王福厚'],
      office: ['陶宏壮'],
    });
  });

  test('wangdu-spring-action-2015: a plan flattened onto one line; its year from the 【2015】 number and its span', () => {
    const p = parsePlan(read('wangdu-spring-action-2015.txt'));
    expect(p.year).toBe(2015);
    expect(p.phases).toEqual([]);
    expect(p.milestones).toEqual([]);
  });

  test('school-traffic-group: 各班班主任 is not a member; the content items are tasks', () => {
    const p = parsePlan(read('school-traffic-group.txt'));
    expect(p.leadingGroup).toEqual({ leader: ['苏孝春'], deputies: ['许兴贵'], members: [], office: [] });
    expect(p.phases).toEqual([]);
    expect(p.tasks).toEqual(['完善学校交通安全制度', '将交通安全教育纳入学校教育教学计划', '加强对学生放学乘坐车辆进行督察', '禁止学生骑自行车上下学']);
  });

  test('safety-check-2010: the deadline, and the year of a 二○一○年 signature', () => {
    const p = parsePlan(read('safety-check-2010.txt'));
    expect(p.year).toBe(2010);
    expect(dues(p)).toEqual(['2010-02-15']);
    expect(p.milestones[0].text).toContain('报送市政府办公厅');
  });

  test('saohei-township-2018: stages named by year are not phases with made-up dates', () => {
    const p = parsePlan(read('saohei-township-2018.txt'));
    expect(p.title).toBe('乡镇深入开展扫黑除恶专项斗争实施方案');
    expect(p.year).toBe(2018);
    expect(p.phases).toEqual([]);
    expect(p.milestones).toEqual([]);
  });
});

describe('环境整治 / 创建 (more)', () => {
  test('village-cleanup-2010: phases 二 and 三; inspection dates in prose are not phases', () => {
    const p = parsePlan(read('village-cleanup-2010.txt'));
    expect(p.year).toBe(2010);
    expect(phases(p)).toEqual([
      ['专项整治阶段', '2010-06-23', '2010-11-20', []],
      ['检查验收阶段', '2010-11-21', '2010-12-20', []],
    ]);
  });

  test('greening-county-tw-masked: **年 masks the year; with --year the ~ ranges and the 8月31日前 deadline', () => {
    const p = parsePlan(read('greening-county-tw-masked.txt'));
    expect(p.title).toBe('全國綠化模范縣迎檢實施方案');
    expect(p.year).toBeNull();
    expect(p.warnings.join('\n')).toContain('**年');
    const y = parsePlan(read('greening-county-tw-masked.txt'), { year: 2009 });
    expect(phases(y)).toEqual([
      ['宣傳動員自查階段', '2009-04-01', '2009-07-20', []],
      ['任務落實階段', '2009-07-21', '2009-08-31', []],
      ['評審驗收階段', '2009-09-01', '2009-12-31', []],
    ]);
    expect(dues(y)).toEqual(['2009-08-31']);
  });
});

describe('leading groups as pages lay them out', () => {
  test('chamber-celebration-tw: 组 长 / 成 员 and names spaced out to align them', () => {
    const p = parsePlan(read('chamber-celebration-tw.txt'));
    expect(p.year).toBeNull();
    expect(p.leadingGroup).toEqual({
      leader: ['蘇澤深'],
      deputies: ['區德成'],
      members: ['董杰', '樂丹', '梁玉倫', '袁海峰', '王嬌', '吳麗麗', '屈瑞姬', '陳鳳霞', '鐘蓮'],
      office: [],
    });
  });

  test('library-opening-tw-2015: members one per line under 成 员:, posts in parentheses; a name cut to one character is not a name', () => {
    const p = parsePlan(read('library-opening-tw-2015.txt'));
    expect(p.title).toBe('區圖書館成立暨揭牌儀式實施方案');
    expect(p.year).toBe(2015);
    expect(p.leadingGroup).toEqual({
      leader: ['溫偉文'],
      deputies: ['何蓮'],
      members: ['尹健瑜', '李偉垣', '肖永輝', '吳榮新', '林暉', '廖炳華'],
      office: [],
    });
  });

  test('sanshui-task-notice-2007: 4月20日(星期五)前 is a deadline; 每季度末 is not', () => {
    const p = parsePlan(read('sanshui-task-notice-2007.txt'));
    expect(p.year).toBe(2007);
    expect(dues(p)).toEqual(['2007-04-20']);
  });
});

describe('masked years and dates, more', () => {
  test('civilized-district-masked: ____年 hides the year; 常务副组长 and names before their title are deputies; units are not members', () => {
    const p = parsePlan(read('civilized-district-masked.txt'));
    expect(p.year).toBeNull();
    expect(p.warnings.join('\n')).toContain('____年');
    expect(p.leadingGroup).toEqual({ leader: ['曹庆良'], deputies: ['王进德', '张明贵', '王元灿', '阮斌'], members: [], office: [] });
  });

  test('model-street-masked-dates: every date masked: phases without dates, each warned, no deadline made up', () => {
    const p = parsePlan(read('model-street-masked-dates.txt'), { year: 2022 });
    expect(phases(p)).toEqual([
      ['前期准备阶段', null, null, []],
      ['工作实施阶段', null, null, []],
    ]);
    expect(p.warnings.filter((w) => /前期准备阶段|工作实施阶段/.test(w))).toHaveLength(2);
    expect(p.milestones).toEqual([]);
  });

  test('safety-month-tw-masked: 20XX年 hides the year; the weeks are not phases', () => {
    const p = parsePlan(read('safety-month-tw-masked.txt'));
    expect(p.year).toBeNull();
    expect(p.warnings.join('\n')).toContain('20XX年');
    expect(p.phases).toEqual([]);
  });
});

describe('作风建设 / 营商环境, more', () => {
  test('frugality-year-one-paragraph: three phases inside one paragraph', () => {
    const y = parsePlan(read('frugality-year-one-paragraph.txt'), { year: 2013 });
    expect(phases(y)).toEqual([
      ['动员学习阶段', '2013-01-01', '2013-02-28', []],
      ['主题实践阶段', '2013-03-01', '2013-11-30', []],
      ['总结评估阶段', '2013-12-01', '2013-12-31', []],
    ]);
  });

  test('style-year-harbin-steps: (一)启动和自查自纠阶段(1月至2月) is January and February', () => {
    const y = parsePlan(read('style-year-harbin-steps.txt'), { year: 2009 });
    expect(phases(y)).toEqual([['启动和自查自纠阶段', '2009-01-01', '2009-02-28', []]]);
  });

  test('united-front-four-stages-2011: four phases named in one sentence, without dates, each warned', () => {
    const p = parsePlan(read('united-front-four-stages-2011.txt'));
    expect(p.year).toBe(2011);
    expect(phases(p)).toEqual([
      ['学习提高', null, null, []],
      ['查摆问题', null, null, []],
      ['集中整改', null, null, []],
      ['巩固提升', null, null, []],
    ]);
    expect(p.warnings.filter((w) => /学习提高|查摆问题|集中整改|巩固提升/.test(w))).toHaveLength(4);
  });

  test('shenyang-business-tw-2020: pinyin removed from the title; 2020年年底前 is a deadline on 31 December', () => {
    const p = parsePlan(read('shenyang-business-tw-2020.txt'));
    expect(p.title).toBe('沈陽市2020年優化營商環境專項整治行動方案');
    expect(p.year).toBe(2020);
    expect(dues(p)).toEqual(['2020-12-31']);
  });
});

describe('文明创建 / 换届 / 活动', () => {
  test('jinzhong-civilized-city-2021: 第一阶段为…阶段,时间从… three times in one paragraph', () => {
    const p = parsePlan(read('jinzhong-civilized-city-2021.txt'));
    expect(p.year).toBe(2021);
    expect(phases(p)).toEqual([
      ['攻坚突破阶段', '2021-01-01', '2021-12-31', []],
      ['巩固提升阶段', '2022-01-01', '2022-12-31', []],
      ['全力冲刺阶段', '2023-01-01', '2023-10-31', []],
    ]);
  });

  test('village-election-dotted-2011: 2011.11.11——2011.11.15 dates, a remark in parentheses before them', () => {
    const p = parsePlan(read('village-election-dotted-2011.txt'));
    expect(p.year).toBe(2011);
    expect(phases(p)).toEqual([
      ['选举准备工作阶段', '2011-11-11', '2011-11-15', []],
      ['选民登记阶段', '2011-11-16', '2011-11-22', []],
      ['一次直选或提名确定侯选人阶段', '2011-11-22', '2011-12-09', []],
    ]);
  });

  test('national-day-flat-table-2011: a flattened table and spaced digits; the year from ISO dates only', () => {
    const p = parsePlan(read('national-day-flat-table-2011.txt'));
    expect(p.year).toBe(2011);
    expect(dues(p)).toEqual(['2011-09-29']);
    expect(p.phases.filter((x) => x.start !== null || x.end !== null)).toEqual([]);
  });
});

describe('主题教育 / 党史学习教育 / 两学一做 / 作风建设', () => {
  test('dinghai-theme-education-2019: the plan title after its cover letter; no phases (the campaign is not divided)', () => {
    const p = parsePlan(read('dinghai-theme-education-2019.txt'));
    expect(p.title).toBe('舟山市定海区教育局党委“不忘初心、牢记使命”主题教育实施方案');
    expect(p.year).toBe(2019);
    expect(p.phases).toEqual([]);
  });

  test('hubei-theme-education-tw: Traditional; no year written, no named leader (省委主要領導同志)', () => {
    const p = parsePlan(read('hubei-theme-education-tw.txt'));
    expect(p.title).toBe('湖北省委出臺開展“不忘初心、牢記使命”主題教育實施方案');
    expect(p.year).toBeNull();
    expect(p.phases).toEqual([]);
    expect(p.leadingGroup.leader).toEqual([]);
  });

  test('party-history-college-2021: the year from [2021] document numbers; nothing else made up', () => {
    const p = parsePlan(read('party-history-college-2021.txt'));
    expect(p.year).toBe(2021);
    expect(p.phases).toEqual([]);
    expect(p.milestones).toEqual([]);
    expect(p.leadingGroup).toEqual({ leader: [], deputies: [], members: [], office: [] });
  });

  test('gaibei-two-studies-2017: the title broken over two lines, the plan preferred to its cover letter', () => {
    const p = parsePlan(read('gaibei-two-studies-2017.txt'));
    expect(p.title).toBe('盖北镇关于推进“两学一做”学习教育常态化制度化的实施方案');
    expect(p.year).toBe(2017);
  });

  test('cadre-style-tw-masked: 20*年 gives no dates; with --year the 旬 range is read', () => {
    const p = parsePlan(read('cadre-style-tw-masked.txt'));
    expect(p.title).toBe('干部作風效能建設工作方案');
    expect(p.year).toBeNull();
    expect(p.warnings.join('\n')).toContain('20*年');
    expect(phases(p).map((x) => x[0])).toEqual(['動員部署階段']);
    const y = parsePlan(read('cadre-style-tw-masked.txt'), { year: 2007 });
    expect(phases(y)).toEqual([['動員部署階段', '2007-02-21', '2007-03-10', []]]);
  });

  test('style-year-outline-2024: 8.1-numbered phases; a range cut off mid-date is warned and left empty', () => {
    const p = parsePlan(read('style-year-outline-2024.txt'));
    expect(p.year).toBe(2024);
    expect(phases(p)).toEqual([
      ['筹备启动阶段', '2024-01-01', '2024-03-31', []],
      ['集中攻坚阶段', '2024-04-01', '2024-09-30', []],
      ['巩固提升阶段', null, null, []],
    ]);
    expect(p.warnings.some((w) => w.includes('巩固提升阶段'))).toBe(true);
  });
});

describe('创先争优 / 先进性教育 / 党组织活动', () => {
  test('excellence-town-2010: (2010年4月底—6月底) starts on the last day of April; a phase runs into the next year', () => {
    const p = parsePlan(read('excellence-town-2010.txt'));
    expect(p.year).toBe(2010);
    expect(phases(p)).toEqual([
      ['动员部署阶段', '2010-04-30', '2010-06-30', []],
      ['全面争创阶段', '2010-07-01', '2011-06-30', []],
      ['整改提升阶段', '2011-07-01', '2011-12-31', []],
    ]);
    expect(p.milestones).toEqual([]);
  });

  test('four-strong-review-phase: (二)第二阶段为评议整改阶段 is named 评议整改阶段; 7月初至9月底 read whole', () => {
    const p = parsePlan(read('four-strong-review-phase.txt'));
    expect(p.year).toBeNull();
    const y = parsePlan(read('four-strong-review-phase.txt'), { year: 2012 });
    expect(phases(y)).toEqual([['评议整改阶段', '2012-07-01', '2012-09-30', []]]);
    expect(y.milestones).toEqual([]);
  });

  test('advanced-education-rectify-2005: dates after the heading in the same line; its numbered steps as tasks', () => {
    const y = parsePlan(read('advanced-education-rectify-2005.txt'), { year: 2005 });
    expect(phases(y)).toEqual([['整改提高阶段', '2005-09-13', '2005-10-16', []]]);
    expect(y.phases[0].tasks).toEqual(['制定整改措施和整改方案', '认真进行整改']);
  });

  test('branch-projects-tw-emoji-2017: emoji in the headings; an activity span, no phases made up', () => {
    const p = parsePlan(read('branch-projects-tw-emoji-2017.txt'));
    expect(p.year).toBe(2017);
    expect(p.phases).toEqual([]);
    expect(p.milestones).toEqual([]);
  });

  test('branch-review-2011: the deadline; a contact person is not the leading group', () => {
    const p = parsePlan(read('branch-review-2011.txt'));
    expect(p.year).toBe(2011);
    expect(dues(p)).toEqual(['2011-12-09']);
    expect(p.leadingGroup).toEqual({ leader: [], deputies: [], members: [], office: [] });
  });
});

describe('营商环境 / 任务分工 (Traditional)', () => {
  test('xiangxi-business-tw-pinyin-2020: pinyin removed; the task with its units and 6月底完成', () => {
    const p = parsePlan(read('xiangxi-business-tw-pinyin-2020.txt'));
    expect(p.title).toBe('湘西自治州2020年深化“放管服”改革優化營商環境工作計劃');
    expect(p.year).toBe(2020);
    expect(p.assignments).toEqual([
      {
        task: '加大簡政放權力度',
        lead: ['州行政審批服務局'],
        units: ['州司法局', '州委編辦及州直相關單位', '各縣市人民政府', '湘西經開區管委會'],
        due: '2020-06-30',
      },
    ]);
  });

  test('baoji-business-tw-2022: 10月底前 is the last day of October', () => {
    const p = parsePlan(read('baoji-business-tw-2022.txt'));
    expect(p.year).toBe(2022);
    expect(dues(p)).toEqual(['2022-10-31']);
    expect(p.milestones[0].text).toContain('行政許可事項清單');
  });

  test('baoji-business-tw-2022: (…牽頭,…按職責分工負責) makes the item a task assignment, due by its own deadline', () => {
    const p = parsePlan(read('baoji-business-tw-2022.txt'));
    expect(p.assignments).toEqual([
      {
        task: '全面實施行政許可事項清單管理',
        lead: ['市政府辦公室', '市行政審批制度改革工作領導小組辦公室'],
        units: ['市級各有關部門及各縣市區政府'],
        due: '2022-10-31',
      },
    ]);
  });

  test('panjin-tasks-tw-2021: two deadlines; 每月28日前 is not a date', () => {
    const p = parsePlan(read('panjin-tasks-tw-2021.txt'));
    expect(p.title).toBe('盤錦市人民政府辦公室關于印發《2021年市〈政府工作報告〉任務分解和責任分工方案》的通知');
    expect(p.year).toBe(2021);
    expect(dues(p)).toEqual(['2021-02-03', '2021-02-07']);
  });
});

describe('a year given with --year that differs from the text', () => {
  test('a range whose start year is written keeps its end in that year, unmarked', () => {
    const p = parsePlan(read('excellence-town-2010.txt'), { year: 2020 });
    expect(phases(p)[0]).toEqual(['动员部署阶段', '2010-04-30', '2010-06-30', []]);
  });
});

describe('never a wrong date without a mark or a warning', () => {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.txt'));
  test.each(files)('%s: every dated phase has a start no later than its end, and every undated one is warned', (file) => {
    const p = parsePlan(read(file), { year: 2020 });
    for (const phase of p.phases) {
      if (phase.start && phase.end) expect(phase.start <= phase.end).toBe(true);
      if (!phase.start || !phase.end) expect(p.warnings.some((w) => w.includes(phase.name))).toBe(true);
    }
  });
});
