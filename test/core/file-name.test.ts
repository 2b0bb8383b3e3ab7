/** The name of an action's result beside its input: one pattern however often the action is repeated. */
import { flaggedName, resultFileName } from '../../src/core';

test.each([
  ['台账.xlsx', '台账-flagged.xlsx'],
  ['台账-flagged.xlsx', '台账-flagged.xlsx'],
  ['台账-flagged-flagged.xlsx', '台账-flagged.xlsx'],
  ['台账-FLAGGED.XLSX', '台账-flagged.XLSX'],
  ['台账.xlsm', '台账-flagged.xlsm'],
  ['台账', '台账-flagged.xlsx'],
  ['-flagged.xlsx', '-flagged-flagged.xlsx'],
  ['台账-flagged-status.xlsx', '台账-flagged-status-flagged.xlsx'],
])('flaggedName(%s) is %s', (input, output) => {
  expect(flaggedName(input)).toBe(output);
});

test('other actions keep their own suffix the same way', () => {
  expect(resultFileName('总台账-merged.xlsx', 'merged')).toBe('总台账-merged.xlsx');
  expect(resultFileName('总台账-flagged.xlsx', 'merged')).toBe('总台账-flagged-merged.xlsx');
});
