/**
 * The plan reader's warnings as codes and values, for each host to word: the command line's words
 * (parsePlan's warnings) come from the same notes, so the two never disagree.
 */
import { format, parsePlan, readPlan, strings } from '../../src/core';

const NO_YEAR = '一、工作步骤\n（一）动员部署阶段（3月1日至3月15日）\n（二）整改落实阶段（3月16日至5月31日）';

test('a plan without a year: one note, noYear, and the command line’s words from it', () => {
  const { plan, notes } = readPlan(NO_YEAR);
  expect(notes.map((n) => n.code)).toContain('noYear');
  expect(plan.warnings).toEqual(notes.map((n) => format(strings('zh-CN').plan.warnings[n.code], n.params)));
  expect(parsePlan(NO_YEAR)).toEqual(plan);
});

test('notes carry the values a host needs to word them: the masked year', () => {
  const { notes } = readPlan('**年工作方案\n一、学习动员阶段（**年3月1日至3月15日）\n二、整改提高阶段');
  expect(notes).toContainEqual({ code: 'maskedYear', params: { text: expect.stringContaining('**') } });
});

test('the empty text: a note and an empty plan, as before', () => {
  const { plan, notes } = readPlan('  ');
  expect(notes).toEqual([{ code: 'empty', params: {} }]);
  expect(plan.warnings).toEqual(['文本为空,没有可读取的内容。']);
});
