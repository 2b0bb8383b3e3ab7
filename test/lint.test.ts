/**
 * The lint rules that keep the architecture can fail: each forbidden import, linted as if it stood
 * in the folder it is forbidden in, is reported; the same import where it is allowed is not.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/** ESLint as `npm run lint` runs it (its config is an ES module, which Jest's sandbox cannot load). */
async function messages(file: string, code: string): Promise<string[]> {
  const r = spawnSync(path.join(root, 'node_modules/.bin/eslint'), ['--stdin', '--stdin-filename', file, '--format', 'json'], {
    cwd: root,
    input: code,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

test.each([
  ['src/core/x.ts', "import fs from 'node:fs';\nexport const x = fs;\n", /src\/core is pure: no Node APIs/],
  ['src/core/x.ts', "import ExcelJS from 'exceljs';\nexport const x = ExcelJS;\n", /no workbook, zip, browser or Office library/],
  ['src/core/x.ts', "import { insertCampaign } from '../excel/insert';\nexport const x = insertCampaign;\n", /imports nothing from the hosts or renderers/],
  ['src/core/x.ts', 'export const x = document.title;\n', /no-restricted-globals/],
  ['src/core/layout/x.ts', "import { planFlag } from '../flag/plan';\nexport const x = planFlag;\n", /layout does not import the flag/],
  ['src/excel/x.ts', "import { flagXlsx } from '../xlsx/flag';\nexport const x = flagXlsx;\n", /never import each other/],
  ['src/xlsx/x.ts', "import { flagWorkbook } from '../excel/flag';\nexport const x = flagWorkbook;\n", /never import each other/],
])('%s: a forbidden import is reported', async (file, code, expected) => {
  expect((await messages(file, code)).join('\n')).toMatch(expected);
});

test.each([
  ['src/cli/x.ts', "import fs from 'node:fs';\nexport const x = fs;\n"],
  ['src/core/ledger/x.ts', "import { layoutWorkbook } from '../layout';\nexport const x = layoutWorkbook;\n"],
  ['src/taskpane/x.ts', "import { flagXlsx } from '../xlsx/flag';\nexport const x = flagXlsx;\n"],
])('%s: an allowed import is not', async (file, code) => {
  expect(await messages(file, code)).toEqual([]);
});
