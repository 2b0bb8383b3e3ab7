/**
 * Issue 21's reading, on plans written for these tests: activities from dated items, stages
 * written in sentences, the source of every date, the plan's own year, and long input.
 */
import { parsePlan, type ParsedPlan } from '../../src/core';
import { toLines } from '../../src/core/plan/text';

const items = (p: ParsedPlan) => p.phases.map((x) => [x.name, x.start, x.end, x.inferred]);

describe('activities: a schedule from dated items, whatever the headings say', () => {
  const plan = [
    '2019年“书香校园”读书节系列活动方案',
    '一、活动时间',
    '4月1日至4月30日',
    '二、活动内容',
    '(一)读书节启动仪式。时间:4月2日上午。地点:操场。',
    '(二)“好书推荐”征文比赛',
    '时间:4月3日—4月20日',
    '要求各班于4月10日前上交初稿。',
    '(三)亲子共读(4月13日)',
    '(四)图书漂流活动。活动时间:4月3日-4月28日。',
    '(五)闭幕式暨表彰大会',
    '三、活动要求',
    '1.各班主任要高度重视。',
  ].join('\n');

  test('time fields, under the heading or in it, and dates in parentheses; overlaps and single days; the shape', () => {
    const p = parsePlan(plan);
    expect(p.shape).toBe('activities');
    expect(items(p)).toEqual([
      ['读书节启动仪式', '2019-04-02', '2019-04-02', []],
      ['“好书推荐”征文比赛', '2019-04-03', '2019-04-20', []],
      ['亲子共读', '2019-04-13', '2019-04-13', []],
      ['图书漂流活动', '2019-04-03', '2019-04-28', []],
    ]);
    // The 4月10日前 inside an activity is a deadline, not an activity's date.
    expect(p.milestones.map((m) => m.due)).toEqual(['2019-04-10']);
  });

  test('dates that open the items, at two levels; a group with dated items under it is not an activity', () => {
    const p = parsePlan(
      [
        '推普周活动安排(2014年)',
        '(一)广泛宣传。',
        '1.9月15日至9月21日,在校园网上开设推普专栏。',
        '2.校园广播站周一(9月15日)进行专题宣传。',
        '(二)主要活动:',
        '(1)9月15日(周一),推普周启动仪式。',
        '(2)9月16日—19日,中华诗文朗诵比赛。',
      ].join('\n'),
    );
    expect(items(p)).toEqual([
      ['在校园网上开设推普专栏', '2014-09-15', '2014-09-21', []],
      ['校园广播站周一进行专题宣传', '2014-09-15', '2014-09-15', []],
      ['推普周启动仪式', '2014-09-15', '2014-09-15', []],
      ['中华诗文朗诵比赛', '2014-09-16', '2014-09-19', []],
    ]);
  });

  test('one dated item is not a schedule; an item whose date is a deadline (…前报送) is not an activity', () => {
    const p = parsePlan('2012年宣传活动安排\n一、每个支部至少提供一篇材料。\n二、各支部请于6月15日前将材料发送至党群工作部;\n三、6月20日左右展示宣传版面。');
    expect(p.shape).toBeNull();
    expect(p.phases).toEqual([]);
    expect(p.milestones.map((m) => m.due)).toEqual(['2012-06-15']);
  });

  test('an activity with only an end keeps it and is warned; it takes nothing from its neighbours', () => {
    const p = parsePlan('2024年六一活动计划\n1、鼓号大检阅。时间:5月30日下午。\n2、艺术作品展览。时间:5月31日前完成。\n3、庆祝大会。时间:6月1日上午。');
    expect(items(p)).toEqual([
      ['鼓号大检阅', '2024-05-30', '2024-05-30', []],
      ['艺术作品展览', null, '2024-05-31', []],
      ['庆祝大会', '2024-06-01', '2024-06-01', []],
    ]);
    expect(p.warnings.some((w) => w.includes('艺术作品展览'))).toBe(true);
  });
});

describe('stages written in sentences', () => {
  test('dates before the name, one a line, after an announcement of their number', () => {
    const p = parsePlan(
      '第七次全国人口普查入户工作分四个阶段进行\n10月11-31日为摸底调查阶段、\n11月1-15日为短表登记阶段、\n11月16-30日为长表登记阶段、\n11月16日至12月10日为比对复查阶段。\n2020年10月',
    );
    expect(p.shape).toBe('phases');
    expect(items(p)).toEqual([
      ['摸底调查阶段', '2020-10-11', '2020-10-31', []],
      ['短表登记阶段', '2020-11-01', '2020-11-15', []],
      ['长表登记阶段', '2020-11-16', '2020-11-30', []],
      ['比对复查阶段', '2020-11-16', '2020-12-10', []],
    ]);
  });

  test('a news report: the stages announced and listed in one sentence, dates first; the campaign span starts the first', () => {
    const p = parsePlan(
      '本报讯 从3月1日起至2021年底,我县将开展专项整治行动。行动将分三个阶段依次进行,2021年3月底前进行摸底排查,建立台账,4至9月开展集中整治,10至12月进行巩固提升。',
    );
    expect(items(p)).toEqual([
      ['摸底排查', '2021-03-01', '2021-03-31', ['start']],
      ['集中整治', '2021-04-01', '2021-09-30', []],
      ['巩固提升', '2021-10-01', '2021-12-31', []],
    ]);
  });

  test('names first, one a clause, the last without dates; the group by titles only has no leader', () => {
    const p = parsePlan(
      '卫健局决定于2023年5月至12月开展专项整治,成立以局主要负责人为组长的领导小组。活动分三个步骤实施,自查阶段(5月15日-6月30日);督导阶段(7月1日-11月30日);最后就是总结评估,对整个行动进行全面总结。',
    );
    expect(items(p)).toEqual([
      ['自查阶段', '2023-05-15', '2023-06-30', []],
      ['督导阶段', '2023-07-01', '2023-11-30', []],
      ['总结评估', null, null, []],
    ]);
    expect(p.leadingGroup.leader).toEqual([]);
  });

  test('a label with its name in parentheses, all on one line', () => {
    const p = parsePlan(
      '2017年世界卫生日活动方案 六、活动时间3月20日-4月21日第一阶段(宣传)3月20日-3月23日第二阶段(活动开展)3月24日-4月15日第三阶段(活动总结)4月16日-4月21日七、组织单位',
    );
    expect(items(p)).toEqual([
      ['宣传', '2017-03-20', '2017-03-23', []],
      ['活动开展', '2017-03-24', '2017-04-15', []],
      ['活动总结', '2017-04-16', '2017-04-21', []],
    ]);
  });
});

describe('where each date came from', () => {
  test('every item and deadline has its sentence, and offsets into the text as given (\\r\\n, pinyin and all)', () => {
    const text =
      '開展活動的實施方案(2019年)\r\n一、時間安排\r\n(一)動員部署階段(3月1日至3月10日)。召開動員大會。\r\n(二)集中整治階段(3月11日至5月31日)。各單位于5月10日前報送進展情況。\r\n(三)總結(zǒng)驗收階段(6月)';
    const p = parsePlan(text);
    expect(p.phases.map((x) => x.source?.text)).toEqual([
      '(一)動員部署階段(3月1日至3月10日)。',
      '(二)集中整治階段(3月11日至5月31日)。',
      '(三)總結驗收階段(6月)',
    ]);
    for (const x of [...p.phases, ...p.milestones]) {
      const quoted = text.slice(x.source!.start, x.source!.end);
      expect(quoted.replace(/\(zǒng\)/, '')).toBe(x.source!.text);
    }
    expect(p.milestones[0].source?.text).toBe('各單位于5月10日前報送進展情況');
  });

  test('dates in the line under a heading: the source runs to them', () => {
    const p = parsePlan('2019年方案\n(一)学习调研阶段\n时间从9月下旬至11月中旬。主要任务是学习。');
    expect(p.phases[0].source?.text).toBe('(一)学习调研阶段\n时间从9月下旬至11月中旬。');
  });
});

describe("the plan's year: its schedule and its own document, not the background", () => {
  test('the schedule year, not a year the background cites first', () => {
    const p = parsePlan('我县2008年以后的工作经验表明……\n三、时间安排\n(一)动员阶段(2019年3月1日至3月10日)\n(二)整治阶段(3月11日至4月30日)');
    expect([p.year, p.yearSource]).toEqual([2019, 'schedule']);
  });

  test('the plan’s own number before a year in its text; 元月 in a signature', () => {
    expect(
      parsePlan('(吉政办明电[2006]43号)\n纪念建党85周年,2005年的经验……\n一、国企改革情况。发布时间暂定于4月份;\n二、经济运行情况。发布时间暂定于7月份;'),
    ).toMatchObject({
      year: 2006,
      yearSource: 'number',
    });
    expect(parsePlan('一、活动要求\n各单位于1月29日前报处工会。\n二〇一四年元月二十三日')).toMatchObject({ year: 2014, yearSource: 'signature' });
  });

  test('a year written with an apostrophe (2024’文化艺术节); the schedule and the signature disagree: warned', () => {
    expect(parsePlan('庆祝大会暨2024’文化艺术节文艺会演。时间:6月1日上午。').year).toBe(2024);
    const p = parsePlan('(一)动员阶段(2013年1月)\n(二)整治阶段(2013年2月至5月)\n\n二〇一二年十二月二十日');
    expect(p.year).toBe(2013);
    expect(p.warnings.some((w) => w.includes('2012'))).toBe(true);
  });

  test('于…前 is a deadline, not the campaign’s start: 于2011年10月10日前 does not make 2011 the year', () => {
    const p = parsePlan('(三)重点检查阶段(2010年3月-2010年7月)\n(四)总结阶段(2010年8月-2011年1月)\n于2011年10月10日前将情况报领导小组。');
    expect(p.year).toBe(2010);
  });
});

describe('long input is read in linear time, and whole', () => {
  test('8,000 lines each broken after 至 are joined into bounded lines; no text is lost', () => {
    const text = Array.from({ length: 8_000 }, (_, i) => `至各单位要按时报送第${i}项材料至`).join('\n');
    const lines = toLines(text);
    expect(Math.max(...lines.map((l) => l.simp.length))).toBeLessThan(2_100);
    expect(lines.map((l) => l.simp).join('')).toBe(text.replace(/\n/g, ''));
  });
});

describe('tables and lists of activities', () => {
  test('a table of activities (活动名称 | 活动时间) is an activity schedule; overlaps kept', () => {
    const p = parsePlan(
      '2015年科技周活动安排\n活动名称 | 活动时间 | 地点\n启动仪式 | 5月16日 | 广场\n科普展览 | 5月16日至22日 | 科技馆\n专家讲座 | 5月18日 | 礼堂',
    );
    expect(p.shape).toBe('activities');
    expect(items(p)).toEqual([
      ['启动仪式', '2015-05-16', '2015-05-16', []],
      ['科普展览', '2015-05-16', '2015-05-22', []],
      ['专家讲座', '2015-05-18', '2015-05-18', []],
    ]);
  });
});

describe('lines that open with their dates', () => {
  test('dates, a dash, a name: each line an activity; a single day', () => {
    const p = parsePlan('2018年安全生产月活动安排\n6月1日-8日——活动启动周\n6月9日-15日——隐患排查周\n6月16日——安全宣传咨询日\n6月17日-30日——总结提高周');
    expect(p.shape).toBe('activities');
    expect(items(p)).toEqual([
      ['活动启动周', '2018-06-01', '2018-06-08', []],
      ['隐患排查周', '2018-06-09', '2018-06-15', []],
      ['安全宣传咨询日', '2018-06-16', '2018-06-16', []],
      ['总结提高周', '2018-06-17', '2018-06-30', []],
    ]);
    expect(p.warnings).toEqual([]);
  });
});
