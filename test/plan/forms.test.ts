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
    expect(p.milestones).toEqual([
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
    expect(p.phases[0]).toEqual({ name: '学习宣传阶段', start: '2024-03-10', end: '2024-04-05', tasks: ['召开动员大会', '制定实施方案'] });
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
