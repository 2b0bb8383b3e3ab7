/** Plans written for these tests: forms the five sample plans do not have, and hostile input. */
import { parsePlan, type ParsedPlan } from '../../src/core';

const phases = (p: ParsedPlan) => p.phases.map((x) => [x.name, x.start, x.end]);

const S1 = `关于开展作风建设专项整治活动的实施方案
一、组织领导
成立专项整治活动领导小组。
组长:王建国(局党组书记、局长)
副组长:李红梅、陈志强
成员:赵敏、孙磊、周静
领导小组下设办公室,刘洋同志任办公室主任。
二、时间安排
活动从2024年3月开始,至2024年12月底结束,分四个阶段:
(一)学习宣传阶段(3月10日至4月5日)
1、召开动员大会。
2、制定实施方案。
(二)查摆问题阶段
时间:4月上旬至5月中旬
一是征求意见;二是建立问题台账。
(三)集中整改阶段(7月8日-15日)
各单位于7月20日前上报整改方案。
第四阶段 总结验收(12月)
三、工作要求
各单位要于12月25日前报送工作总结。`;

const S2 = `某縣2025年冬春專項行動工作方案
一、工作步驟
第一階段:動員部署(12月下旬至1月上旬)
第二階段:集中攻堅(1月中旬至3月底)
第三階段:鞏固提升(4月)
二、組織領導
張三同志任組長,李四、王五任副組長,趙六、錢七為成員。`;

const S3 = `关于开展安全生产大检查的通知
各单位:
1、自查自纠阶段
3月1日至3月31日,各单位全面开展自查。
2、重点督查阶段(4月1日至4月30日)
3、总结阶段(2月30日至5月10日)
4、整改复查阶段(5月18日至5月8日)
                  XX县安全生产委员会办公室
                  二〇二三年二月十五日`;

describe('forms the sample plans do not show', () => {
  test('colon forms with titles in parentheses, an office director, headings with dates below or without a colon', () => {
    const p = parsePlan(S1);
    expect(p.title).toBe('关于开展作风建设专项整治活动的实施方案');
    expect([p.year, p.yearSource]).toEqual([2024, 'text']);
    expect(phases(p)).toEqual([
      ['学习宣传阶段', '2024-03-10', '2024-04-05'],
      ['查摆问题阶段', '2024-04-01', '2024-05-20'],
      ['集中整改阶段', '2024-07-08', '2024-07-15'],
      ['总结验收', '2024-12-01', '2024-12-31'],
    ]);
    expect(p.phases[0].tasks).toEqual(['召开动员大会', '制定实施方案']);
    expect(p.phases[1].tasks).toEqual(['征求意见', '建立问题台账']);
    expect(p.leadingGroup).toEqual({ leader: ['王建国'], deputies: ['李红梅', '陈志强'], members: ['赵敏', '孙磊', '周静'], office: ['刘洋'] });
    expect(p.milestones).toMatchObject([
      { due: '2024-07-20', text: '各单位于7月20日前上报整改方案' },
      { due: '2024-12-25', text: '各单位要于12月25日前报送工作总结' },
    ]);
    expect(p.warnings).toEqual([]);
  });

  test('names with 生僻字 outside the BMP (赵𨭎, 𠀾建) are read whole, in every role', () => {
    const p = parsePlan(`某局实施方案\n组长:赵𨭎(局长)\n副组长:𠀾建、李红梅\n成员:王𩽾𩾌、孙磊\n第一阶段:动员部署(2024年3月1日至3月15日)`);
    expect(p.leadingGroup).toEqual({ leader: ['赵𨭎'], deputies: ['𠀾建', '李红梅'], members: ['王𩽾𩾌', '孙磊'], office: [] });
  });

  test('Traditional text, A同志任组长, and phases that roll over New Year', () => {
    const p = parsePlan(S2);
    expect([p.year, p.yearSource]).toEqual([2025, 'text']);
    expect(phases(p)).toEqual([
      ['動員部署', '2025-12-21', '2026-01-10'],
      ['集中攻堅', '2026-01-11', '2026-03-31'],
      ['鞏固提升', '2026-04-01', '2026-04-30'],
    ]);
    expect(p.leadingGroup).toEqual({ leader: ['張三'], deputies: ['李四', '王五'], members: ['趙六', '錢七'], office: [] });
  });

  test('the year from the signature; impossible and backwards dates are warned about, not guessed', () => {
    const p = parsePlan(S3);
    expect([p.year, p.yearSource]).toEqual([2023, 'signature']);
    expect(phases(p)).toEqual([
      ['自查自纠阶段', '2023-03-01', '2023-03-31'],
      ['重点督查阶段', '2023-04-01', '2023-04-30'],
      ['总结阶段', null, null],
      ['整改复查阶段', '2023-05-18', null],
    ]);
    expect(p.warnings).toEqual(['“2月30日至5月10日”不是有效日期,已留空。', '“5月18日至5月8日”的结束日期早于开始日期,结束日期已留空。']);
  });

  test('--year wins over the text', () => {
    expect(parsePlan(S1, { year: 2030 }).phases[0].start).toBe('2030-03-10');
  });

  test('no year anywhere: a warning and no dates', () => {
    const p = parsePlan('第一阶段:学习动员阶段(2月18日至3月10日)\n第二阶段:整改阶段(3月11日至4月30日)');
    expect([p.year, p.yearSource]).toEqual([null, null]);
    expect(phases(p)).toEqual([
      ['学习动员阶段', null, null],
      ['整改阶段', null, null],
    ]);
    expect(p.warnings).toEqual(['未能确定年份:文中没有年份,也没有落款日期。请用 --year 指定年份。']);
  });

  test('warnings in the requested language', () => {
    expect(parsePlan('', { lang: 'en' }).warnings).toEqual(['The text is empty: nothing to read.']);
    expect(parsePlan('', { lang: 'zh-TW' }).warnings).toEqual(['文字為空,沒有可讀取的內容。']);
  });
});

describe('bad input: no crash, what could be read, warnings', () => {
  test('empty and blank text', () => {
    for (const text of ['', '   \n\n  ']) {
      const p = parsePlan(text);
      expect(p.phases).toEqual([]);
      expect(p.warnings).toEqual(['文本为空,没有可读取的内容。']);
    }
  });

  test('binary garbage', () => {
    let seed = 7;
    const bytes = Buffer.from(Array.from({ length: 50_000 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256));
    const p = parsePlan(new TextDecoder('utf-8').decode(bytes));
    expect(p.phases).toEqual([]);
    expect(p.warnings.join()).toMatch(/不像文本/);
  });

  test('a 2 MB text is read whole', () => {
    const big = `${S1}\n`.repeat(Math.ceil(2_000_000 / S1.length));
    expect(big.length).toBeGreaterThan(2_000_000);
    const p = parsePlan(big);
    expect(p.year).toBe(2024);
    expect(p.phases.length).toBeGreaterThan(100);
    expect(p.phases[0]).toMatchObject({ name: '学习宣传阶段', start: '2024-03-10', end: '2024-04-05', inferred: [], tasks: ['召开动员大会', '制定实施方案'] });
  });

  test('a plan in another language', () => {
    const p = parsePlan('Implementation plan\nPhase 1: mobilisation (March 1 to April 5)\nThe leader is Mr Smith.');
    expect(p.phases).toEqual([]);
    expect(p.tasks).toEqual([]);
    expect(p.warnings).toContain('没有读出阶段、任务、时间节点或领导小组,这段文字可能不是实施方案。');
  });

  test('text that looks like formulas stays text', () => {
    const p = parsePlan('=HYPERLINK("x")\n第一阶段:=1+1阶段(2024年3月)');
    expect(p.phases[0].name).toBe('=1+1阶段');
    expect(p.title).not.toBe(undefined);
  });
});

/** The forms issue 13 lists, in examples written in the style of the plans. */
describe('forms of real plans the importer used to miss', () => {
  const full = (p: ParsedPlan) => p.phases.map((x) => [x.name, x.start, x.end, x.inferred]);

  test('a phase name after a label; a single month is inferred as the whole month', () => {
    const p = parsePlan('第一阶段:宣传发动、统一思想(2019年3月)\n第二阶段:查找问题、整改落实(2019年4月1日至5月31日)');
    expect(full(p)).toEqual([
      ['宣传发动、统一思想', '2019-03-01', '2019-03-31', ['start', 'end']],
      ['查找问题、整改落实', '2019-04-01', '2019-05-31', []],
    ]);
    expect(p.warnings).toEqual([]);
  });

  test('phases in a (一)/(二) list without the word 阶段, in a schedule section', () => {
    const p = parsePlan(
      '2019年专项整治工作方案\n三、方法步骤\n(一)宣传动员(5月1日至5月15日)\n(二)自查自纠(5月16日至5月31日)\n(三)集中整改(6月1日至6月4日)\n(四)巩固提高(6月5日至6月20日)\n四、工作要求\n(一)加强领导(各单位)',
    );
    expect(full(p).map((x) => [x[0], x[1], x[2]])).toEqual([
      ['宣传动员', '2019-05-01', '2019-05-15'],
      ['自查自纠', '2019-05-16', '2019-05-31'],
      ['集中整改', '2019-06-01', '2019-06-04'],
      ['巩固提高', '2019-06-05', '2019-06-20'],
    ]);
  });

  test('the last item of a phase list without 阶段, outside a schedule section, and dates after a full stop', () => {
    const p = parsePlan(
      '2019年活动方案\n(一)宣传动员阶段(5月1日至5月15日)\n(二)自查自纠阶段(5月16日至5月31日)\n(三)巩固提高。6月1日至6月20日。\n(四)加强领导。各单位要高度重视。',
    );
    expect(full(p).map((x) => x[0])).toEqual(['宣传动员阶段', '自查自纠阶段', '巩固提高']);
    expect(p.phases[2]).toMatchObject({ start: '2019-06-01', end: '2019-06-20' });
  });

  test('ranges with --- or —— across New Year are read whole', () => {
    const p = parsePlan('(一)集中整治阶段(2019年12月5日---2020年1月31日)\n(二)总结阶段(2020年2月1日——2020年2月29日)');
    expect(full(p)).toEqual([
      ['集中整治阶段', '2019-12-05', '2020-01-31', []],
      ['总结阶段', '2020-02-01', '2020-02-29', []],
    ]);
  });

  test('X月X以前 and 截止X月X日: end-only phases start the day after the previous one ends, marked', () => {
    const p = parsePlan('2021年实施方案\n(一)动员部署阶段(9月1日至9月5日)\n(二)自查阶段(9月15以前)\n(三)整改阶段(截止10月31日)');
    expect(full(p)).toEqual([
      ['动员部署阶段', '2021-09-01', '2021-09-05', []],
      ['自查阶段', '2021-09-06', '2021-09-15', ['start']],
      ['整改阶段', '2021-09-16', '2021-10-31', ['start']],
    ]);
  });

  test('an end-only first phase has no start, with a warning; a start-only phase ends before the next', () => {
    const p = parsePlan('2021年实施方案\n第一阶段:动员阶段(3月10日以前)\n第二阶段:整治阶段(3月11日起)\n第三阶段:总结阶段(5月1日至5月20日)');
    expect(full(p)).toEqual([
      ['动员阶段', null, '2021-03-10', []],
      ['整治阶段', '2021-03-11', '2021-04-30', ['end']],
      ['总结阶段', '2021-05-01', '2021-05-20', []],
    ]);
    expect(p.warnings.some((w) => w.includes('动员阶段'))).toBe(true);
  });

  test('a range cut off mid-parenthesis is left empty; one whose end is not a date keeps its start; both warned, never read as one day', () => {
    const p = parsePlan('2024年方案\n(一)动员阶段(3月1日至3月5日)\n(二)整治阶段(3月6日至\n(三)巩固阶段(5月1日至今)\n(四)提高阶段(6月至验收结束)');
    expect(full(p)).toEqual([
      ['动员阶段', '2024-03-01', '2024-03-05', []],
      ['整治阶段', null, null, []],
      // 5月1日至今: the start is written; the end is not a date. Its end is the day before the next phase.
      ['巩固阶段', '2024-05-01', '2024-05-31', ['end']],
      ['提高阶段', '2024-06-01', null, []],
    ]);
    expect(p.warnings.filter((w) => /整治阶段|提高阶段/.test(w))).toHaveLength(2);
  });

  test('the whole schedule on one line', () => {
    const p = parsePlan('2022年工作方案\n四、时间安排 (一)动员部署阶段(5月) (二)集中整治阶段(6月-8月) (三)总结验收阶段(9月) 五、工作要求');
    expect(full(p)).toEqual([
      ['动员部署阶段', '2022-05-01', '2022-05-31', ['start', 'end']],
      ['集中整治阶段', '2022-06-01', '2022-08-31', []],
      ['总结验收阶段', '2022-09-01', '2022-09-30', ['start', 'end']],
    ]);
  });

  test('the whole schedule on one line without spaces, and with wide spaces', () => {
    for (const text of [
      '2022年工作方案\n四、时间安排(一)动员部署阶段(5月)(二)集中整治阶段(6月-8月)(三)总结验收阶段(9月)',
      '2022年工作方案\n四、时间安排  (一)动员部署阶段(5月)  (二)集中整治阶段(6月-8月)  (三)总结验收阶段(9月)',
    ]) {
      expect(full(parsePlan(text)).map((x) => [x[0], x[1], x[2]])).toEqual([
        ['动员部署阶段', '2022-05-01', '2022-05-31'],
        ['集中整治阶段', '2022-06-01', '2022-08-31'],
        ['总结验收阶段', '2022-09-01', '2022-09-30'],
      ]);
    }
  });

  test('a schedule table laid out with runs of spaces, as a PDF gives it', () => {
    const p = parsePlan(
      '2023年方案\n三、时间安排\n阶段      时间            主要任务\n宣传发动  3月1日至3月10日  召开动员会\n集中整治  3月11日至5月31日  排查整改',
    );
    expect(full(p)).toEqual([
      ['宣传发动', '2023-03-01', '2023-03-10', []],
      ['集中整治', '2023-03-11', '2023-05-31', []],
    ]);
  });

  test('a schedule table flattened to text (cells split by | or tabs)', () => {
    const p = parsePlan(
      '2023年专项行动方案\n五、时间安排\n阶段 | 时间 | 主要任务 | 责任单位\n宣传发动 | 3月份 | 召开动员会 | 办公室\n集中整治 | 4月-6月 | 排查整改 | 各科室\n总结验收\t7月1日至7月15日\t形成报告\t办公室',
    );
    expect(full(p)).toEqual([
      ['宣传发动', '2023-03-01', '2023-03-31', ['start', 'end']],
      ['集中整治', '2023-04-01', '2023-06-30', []],
      ['总结验收', '2023-07-01', '2023-07-15', []],
    ]);
    expect(p.phases[0].tasks).toEqual(['召开动员会']);
  });

  test('in a schedule section, a table of 项目 and 时间 is the schedule; elsewhere, with units, it is task assignments', () => {
    const p = parsePlan(
      '2023年方案\n四、时间安排\n项目 | 时间 | 责任单位\n宣传发动 | 3月份 | 办公室\n集中整治 | 4月1日至6月30日 | 各科室\n五、任务分工\n项目 | 完成时间 | 责任单位\n建立台账 | 4月底前 | 办公室',
    );
    expect(full(p)).toEqual([
      ['宣传发动', '2023-03-01', '2023-03-31', ['start', 'end']],
      ['集中整治', '2023-04-01', '2023-06-30', []],
    ]);
    expect(p.assignments).toEqual([{ task: '建立台账', lead: [], units: ['办公室'], due: '2023-04-30' }]);
  });

  test('dates before the name (第一阶段(3月1日—3月31日):宣传发动), and 第一步 headings with dates', () => {
    const p = parsePlan(
      '2020年方案\n第一阶段(3月1日—3月31日):宣传发动\n第二阶段(4月1日至6月30日):集中整治\n第三步:总结验收(7月1日至7月15日)\n第一步:各单位自查。',
    );
    expect(full(p)).toEqual([
      ['宣传发动', '2020-03-01', '2020-03-31', []],
      ['集中整治', '2020-04-01', '2020-06-30', []],
      ['总结验收', '2020-07-01', '2020-07-15', []],
    ]);
  });

  test('headings aligned with tabs are headings, not a table', () => {
    const p = parsePlan('2024年方案\n第一阶段\t动员部署\t(5月1日—5月10日)\n第二阶段\t集中整治\t(5月11日—6月30日)');
    expect(full(p)).toEqual([
      ['动员部署', '2024-05-01', '2024-05-10', []],
      ['集中整治', '2024-05-11', '2024-06-30', []],
    ]);
  });

  test('names spaced out to align them, and full-width spaces', () => {
    const p = parsePlan('组　　长:李　明\n副组长:王 平、张  强\n成　　员:赵 敏 孙 磊\n第一阶段　动员部署　(2024年5月1日—5月10日)');
    expect(p.leadingGroup).toEqual({ leader: ['李明'], deputies: ['王平', '张强'], members: ['赵敏', '孙磊'], office: [] });
    expect(full(p)).toEqual([['动员部署', '2024-05-01', '2024-05-10', []]]);
  });

  test('units are not people: 财务科 among units is a unit, 王建科 alone is a name', () => {
    const p = parsePlan('由局长王建科任组长,副局长李红任副组长,成员由局办公室、财务科、区安全站、园林局负责人组成。');
    expect(p.leadingGroup).toEqual({ leader: ['王建科'], deputies: ['李红'], members: [], office: [] });
  });

  test('members listed one a line under 成员:, and what ends the list', () => {
    const p = parsePlan('组长:王建国\n成员:赵敏(办公室主任)\n孙磊(财务科科长)\n周静 吴刚\n提高认识\n陈明(纪检组长)');
    expect(p.leadingGroup.members).toEqual(['赵敏', '孙磊', '周静', '吴刚']);
  });

  test('a unit or post before the title in prose; 常务副组长 is a deputy', () => {
    const p = parsePlan('成立领导小组,县委副书记张某某任组长,县委办公室副主任李某某任常务副组长,县纪委副书记王某某任副组长。');
    expect(p.leadingGroup.leader).toEqual(['张某某']);
    expect(p.leadingGroup.deputies).toEqual(['李某某', '王某某']);
  });

  test('二OO九年 with Latin O, and a year given only as an ISO date', () => {
    expect(parsePlan('某某局\n二OO九年四月二十一日\n第一阶段:动员阶段(5月1日至5月10日)').year).toBe(2009);
    expect(parsePlan('发布日期:2009-04-21\n第一阶段:动员阶段(5月1日至5月10日)').year).toBe(2009);
  });

  test("a cited document's year (《…》(某发〔2018〕3号)) gives way to the plan's own", () => {
    const p = parsePlan(
      '根据《关于开展专项整治的通知》(某发〔2018〕3号)精神,制定本方案。\n一、时间安排\n活动时间为2019年3月至5月。\n第一阶段:动员阶段(3月1日至3月10日)',
    );
    expect(p.year).toBe(2019);
    expect(p.phases[0].start).toBe('2019-03-01');
  });

  test('a deadline whose verb comes 40 or more characters after X月X日前', () => {
    const p = parsePlan(
      '2020年方案\n各单位要于6月30日前将本单位开展专项整治工作的情况、存在的问题、下一步工作打算以及典型经验做法等形成书面材料报送领导小组办公室。',
    );
    expect(p.milestones.map((m) => m.due)).toEqual(['2020-06-30']);
  });
});

describe('plans as Word prints them', () => {
  test('automatic list numbers pasted with tabs, line breaks inside a sentence, a document number line', () => {
    const text = [
      '某县教育局文件',
      '县教发〔2019〕12号',
      '关于印发《某县教育系统作风建设年活动实施方案》的通知',
      '某县教育系统作风建设年活动实施方案',
      '一、\t时间安排',
      '(一)\t动员部署阶段(2019年3月1日至',
      '3月15日)',
      '1.\t召开动员大会。',
      '(二)\t查摆问题阶段(3月16日',
      '—4月30日)',
    ].join('\r\n');
    const p = parsePlan(text);
    expect(p.title).toBe('某县教育系统作风建设年活动实施方案');
    expect(p.year).toBe(2019);
    expect(p.phases.map((x) => [x.name, x.start, x.end])).toEqual([
      ['动员部署阶段', '2019-03-01', '2019-03-15'],
      ['查摆问题阶段', '2019-03-16', '2019-04-30'],
    ]);
    expect(p.phases[0].tasks).toEqual(['召开动员大会']);
  });
});
