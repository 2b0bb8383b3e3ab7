/**
 * For the pane's end-to-end tests only (built with `--env testdouble`): stands in for office.js
 * in a page, with Office.onReady reporting Excel and Excel.run running on the Excel double, which
 * the test reads back as `window.__excelDouble`.
 *
 * `?platform=Mac` or `?platform=OfficeOnline` plays those platforms (default PC). There a file
 * handed over through a blob link (`<a download href="blob:…">` and click()) goes nowhere, and the
 * page is not told: Office for Mac's WKWebView does not download blobs (OfficeDev/office-js#2700,
 * closed "by design"; #3385, #4681). Whether Excel on the web's frame lets one through is not
 * documented, so the double does not let it through either (never kinder than Excel).
 * `Excel.createWorkbook` is the double's, which records what it opens.
 */
import { type DoublePlatform, ExcelDouble } from './double';

const params = new URLSearchParams(window.location.search);
const platform = (['Mac', 'OfficeOnline'].includes(params.get('platform') ?? '') ? params.get('platform') : 'PC') as DoublePlatform;
const double = new ExcelDouble({ sheets: ['Sheet1'], platform });
const info = { host: 'Excel', platform };
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
    diagnostics: { host: 'Excel', platform, version: '16.0 (Excel double)' },
    requirements: { isSetSupported: () => params.get('oldExcel') === null },
  },
};
w.Excel = {
  run: <T>(a: unknown, b?: (context: unknown) => Promise<T>) =>
    typeof a === 'function' ? double.run(a as (context: unknown) => Promise<T>) : double.run(a as { delayForCellEdit?: boolean }, b!),
  createWorkbook: (base64File?: string) => double.createWorkbook(base64File),
};

if (platform !== 'PC') {
  // Blob downloads do nothing here; the page that asked is not told.
  document.addEventListener(
    'click',
    (e) => {
      const a = (e.target as Element | null)?.closest?.('a[download]') as HTMLAnchorElement | null;
      if (a && a.href.startsWith('blob:')) e.preventDefault();
    },
    true,
  );
}
