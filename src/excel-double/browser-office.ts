/**
 * For the pane's end-to-end tests only (built with `--env testdouble`): stands in for office.js
 * in a page, with Office.onReady reporting Excel and Excel.run running on the Excel double, which
 * the test reads back as `window.__excelDouble`.
 */
import { ExcelDouble } from './double';

const params = new URLSearchParams(window.location.search);
const double = new ExcelDouble({ sheets: ['Sheet1'] });
const info = { host: 'Excel', platform: 'PC' };
const w = window as unknown as Record<string, unknown>;
w.__excelDouble = double;
w.Office = {
  HostType: { Excel: 'Excel' },
  onReady: (callback?: (i: typeof info) => void) => {
    callback?.(info);
    return Promise.resolve(info);
  },
  context: {
    displayLanguage: params.get('officeLang') ?? 'zh-CN',
    diagnostics: { host: 'Excel', platform: 'PC', version: '16.0 (Excel double)' },
    requirements: { isSetSupported: () => params.get('oldExcel') === null },
  },
};
w.Excel = {
  run: <T>(a: unknown, b?: (context: unknown) => Promise<T>) =>
    typeof a === 'function' ? double.run(a as (context: unknown) => Promise<T>) : double.run(a as { delayForCellEdit?: boolean }, b!),
};
