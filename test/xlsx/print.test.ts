/**
 * Printing as LibreOffice prints, measured as a reader would (test/helpers/pdf.ts): the flagged
 * demo workbook and flagged hand-made ledgers with texts of 60 characters and more, in Chinese and
 * in English: text at 9 pt or more on every page, long texts whole on the 逾期清单 and the 督办单,
 * header rows on every page, titles and column names whole, dates as the sheets write them, never
 * ### (a column too narrow for 2026-11-25), Chinese glyph forms; hand-made ledgers after add-status
 * on one page each.
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { type Campaign, campaignFromTemplate, DEFAULT_TEMPLATE_ID, format, type Lang, layoutWorkbook, strings, withSampleItems } from '../../src/core';
import { flagXlsx } from '../../src/xlsx/flag';
import { absoluteRows, writeXlsx } from '../../src/xlsx/render';
import { addStatusColumnsXlsx } from '../../src/xlsx/status-columns';
import { XlsxPackage } from '../../src/xlsx/package/package';
import { fitsReadably } from '../../src/core/layout/print';
import { bytesOf, layoutFive, layoutFour, layoutOne, layoutSix } from '../helpers/handmade';
import { pdfPages, printToPdf } from '../helpers/libreoffice';
import { cjkForms, median, pageWords, rawPages, squeezed } from '../helpers/pdf';
import { tempDir } from '../helpers/workbook';

const dir = tempDir('cl-print-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const AS_OF = '2026-12-05';

/** The demo (the default template, the sample items of the demo command) as of a fixed day, so that LibreOffice's statuses do not follow the clock. */
function demoCampaign(lang: Lang): Campaign {
  const c = campaignFromTemplate(DEFAULT_TEMPLATE_ID, { start: '2026-11-05', lang, name: strings(lang).sample.campaignName, asOf: AS_OF });
  return withSampleItems(c, 21, AS_OF);
}

/** Problems and measures of 60 characters and more, as offices write them, in a ledger made by hand. */
function longTexts(lang: Lang, n: number): { problem: string; measure: string }[] {
  return Array.from({ length: n }, (_, i) =>
    lang === 'en'
      ? {
          problem: `Item ${i + 1}: the list of random inspections was not updated in time, and some results were not published within the time limit.`,
          measure: `Check the list item by item (${i + 1}), set up a monthly update and name a person to publish results within twenty working days.`,
        }
      : {
          problem: `第${i + 1}项:“双随机、一公开”抽查事项清单未及时更新,部分抽查结果未在规定时限内向社会公示,群众查询不便,监督作用发挥不够充分。`,
          measure: `第${i + 1}项:对照清单逐项核对抽查事项,建立每月更新机制,明确专人负责在二十个工作日内公示抽查结果,并纳入年度绩效考核。`,
        },
  );
}

async function handMade(lang: Lang, n: number): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(lang === 'en' ? 'Rectification' : '整改台账');
  ws.getCell('A1').value = lang === 'en' ? 'Rectification ledger of the county market regulation bureau' : 'XX县市场监督管理局专项整治问题整改台账';
  ws.mergeCells('A1:G1');
  ws.addRow(
    lang === 'en'
      ? ['No.', 'Problem', 'Measure', 'Responsible unit', 'Owner', 'Deadline', 'Progress']
      : ['序号', '问题描述', '整改措施', '责任单位', '责任人', '整改时限', '完成情况'],
  );
  const units = lang === 'en' ? ['General office', 'Law enforcement brigade', 'Market order section'] : ['办公室', '执法稽查大队', '市场规范管理科'];
  longTexts(lang, n).forEach((t, i) =>
    ws.addRow([i + 1, t.problem, t.measure, units[i % 3], ['张三', '李四', '王五'][i % 3], new Date(Date.UTC(2026, 10, 1 + (i % 28))), '']),
  );
  ws.getColumn(2).width = 30;
  ws.getColumn(3).width = 30;
  ws.getColumn(6).numFmt = 'yyyy-mm-dd';
  ws.getColumn(6).width = 12;
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

describe.each(['zh-CN', 'en'] as Lang[])('printed in %s', (lang) => {
  const s = strings(lang);
  let pdfs: Record<'demo' | 'hand' | 'many', string>;
  beforeAll(async () => {
    const files = { demo: path.join(dir, `demo-${lang}.xlsx`), hand: path.join(dir, `hand-${lang}.xlsx`), many: path.join(dir, `many-${lang}.xlsx`) };
    const demo = await writeXlsx(layoutWorkbook(demoCampaign(lang)));
    fs.writeFileSync(files.demo, (await flagXlsx(demo, { asOf: AS_OF, runDate: AS_OF })).bytes);
    fs.writeFileSync(files.hand, (await flagXlsx(await handMade(lang, 8), { asOf: AS_OF, runDate: AS_OF, lang })).bytes);
    // Enough overdue items for the 逾期清单 and the 督办单 to go on over more pages.
    fs.writeFileSync(files.many, (await flagXlsx(await handMade(lang, 36), { asOf: AS_OF, runDate: AS_OF, lang })).bytes);
    const [demoPdf, handPdf, manyPdf] = printToPdf([files.demo, files.hand, files.many]);
    pdfs = { demo: demoPdf, hand: handPdf, many: manyPdf };
  }, 240_000);

  test('every page: words at a median of 9 pt or more, none under 7 pt', () => {
    for (const pdf of Object.values(pdfs)) {
      pageWords(pdf).forEach((words, i) => {
        const heights = words.map((w) => w.height);
        expect({ pdf: path.basename(pdf), page: i + 1, median: median(heights) >= 9, smallest: Math.min(...heights) >= 7 }).toEqual({
          pdf: path.basename(pdf),
          page: i + 1,
          median: true,
          smallest: true,
        });
      });
    }
  });

  test('the long texts print whole on the 逾期清单 and on the 督办单 (the measures too)', () => {
    for (const [pdf, n] of [
      [pdfs.hand, 8],
      [pdfs.many, 36],
    ] as const) {
      const pages = rawPages(pdf).map(squeezed);
      const list = pages.filter((p) => p.includes(squeezed(s.flag.list.columns.daysOverdue)) && p.includes(squeezed(s.flag.list.columns.row))).join('');
      const notices = pages.filter((p) => p.includes(squeezed(s.flag.notice.title)) || p.includes(squeezed(s.flag.notice.seq))).join('');
      // Deadlines cycle through November: every item is overdue on 2026-12-05.
      for (const t of longTexts(lang, n)) {
        expect(list).toContain(squeezed(t.problem));
        expect(list).toContain(squeezed(t.measure));
        expect(notices).toContain(squeezed(t.problem));
        expect(notices).toContain(squeezed(t.measure));
      }
    }
  });

  test('header rows repeat on every page: the ledger’s, the 逾期清单’s and the 督办单’s tables', () => {
    const has = (words: string[]) => (page: string) => words.every((w) => squeezed(page).includes(squeezed(w)));
    const c = s.flag.list.columns;
    // Our ledger's pages (the page header names the sheet): each starts with its column names.
    const ledgerPages = rawPages(pdfs.demo).filter((p) => p.split('\n')[0].includes(s.titles.ledger));
    expect(ledgerPages.length).toBeGreaterThan(1);
    for (const p of ledgerPages) expect(has([s.ledger.columns.problem, s.ledger.columns.measure, s.ledger.columns.deadline])(p)).toBe(true);
    // The 逾期清单 sheet's pages (the page header gives the as-of date): the list's pages (with 台账行号)
    // and the 督办单's, each table's header on each of its pages.
    const overduePages = rawPages(pdfs.many).filter((p) => p.split('\n')[0].includes(format(s.flag.notice.asOf, { asOf: AS_OF })));
    const listPages = overduePages.filter(has([c.row]));
    // (A 督办单 whose table fills its page has its reply-by date and signature line on the next, without a table.)
    const withItems = (p: string) => longTexts(lang, 36).some((t) => squeezed(p).includes(squeezed(t.problem).slice(0, 12)));
    const noticePages = overduePages.filter((p) => !has([c.row])(p) && withItems(p));
    expect(listPages.length).toBeGreaterThan(1);
    expect(noticePages.length).toBeGreaterThan(3);
    for (const p of listPages) expect(has([c.unit, c.owner, c.problem, c.measure, c.deadline, c.row])(p)).toBe(true);
    for (const p of noticePages) expect(has([s.flag.notice.seq, c.problem, c.measure, c.deadline])(p)).toBe(true);
  });

  test('titles whole, every column name whole, dates as the sheets write them, no ###', () => {
    const pages = rawPages(pdfs.demo);
    const all = squeezed(pages.join(''));
    const name = s.sample.campaignName;
    for (const title of [s.titles.schedule, s.titles.ledger, s.titles.group, s.titles.dashboard]) expect(all).toContain(squeezed(`${name} · ${title}`));
    // Every word of every column name of the schedule, the ledger and the 逾期清单 (English words must not be cut: "Signed o").
    const words = new Set(pages.join(' ').split(/\s+/));
    const names = [
      ...Object.values(s.schedule.columns),
      ...Object.values(s.ledger.columns).filter((c) => c !== s.ledger.columns.itemId),
      ...Object.values(s.flag.list.columns),
    ];
    for (const n of names) for (const w of lang === 'en' ? n.split(/\s+/) : []) expect(words).toContain(w);
    if (lang !== 'en') for (const n of names) expect(all).toContain(squeezed(n));
    // No print date in the computer's format (12/05/2026); the as-of date as the sheets write it.
    for (const pdf of Object.values(pdfs)) {
      const text = rawPages(pdf).join('');
      expect(text).not.toMatch(/\b\d{1,2}\/\d{1,2}\/\d{4}\b/);
      expect(text).not.toContain('###');
    }
    expect(pages[0]).toContain(`${s.asOfCaption}${AS_OF}`.trim());
  });

  test('Chinese text in Chinese forms: none of the glyphs LibreOffice draws is a Japanese form', () => {
    for (const pdf of Object.values(pdfs)) {
      const forms = cjkForms(pdf);
      expect(forms.japanese).toBe(0);
      // (An English workbook's Chinese is a few names, whose characters may have one form only.)
      if (lang !== 'en') expect(forms.chinese).toBeGreaterThan(10);
    }
  });
});

test.each([
  ['zh-CN', 'Calibri', '134', '等线', 'Hans'],
  ['zh-TW', 'Calibri', '136', '新細明體', 'Hant'],
  ['en', 'Calibri', null, '等线', 'Hans'],
] as const)(
  '%s: the body font as Excel’s Chinese workbooks declare it, Latin text in Calibri, Chinese in the theme’s East Asian font',
  async (lang, name, charset, eastAsian, script) => {
    const zip = await JSZip.loadAsync(await writeXlsx(layoutWorkbook(demoCampaign(lang))));
    const styles = await zip.file('xl/styles.xml')!.async('string');
    const fonts = [...styles.match(/<fonts\b[^>]*>([\s\S]*?)<\/fonts>/)![1].matchAll(/<font>([\s\S]*?)<\/font>/g)].map((m) => m[1]);
    // The Normal style's font, and every font a styled cell of ours names: whole, following the theme.
    for (const f of fonts) {
      expect(f).toContain(`<name val="${name}"/>`);
      expect(f).toContain('<scheme val="minor"/>');
      expect(f).toMatch(/<sz val="\d+"\/>/);
      if (charset) expect(f).toContain(`<charset val="${charset}"/>`);
      else expect(f).not.toContain('<charset');
    }
    const theme = await zip.file('xl/theme/theme1.xml')!.async('string');
    const minor = /<a:minorFont>([\s\S]*?)<\/a:minorFont>/.exec(theme)![1];
    expect(minor).toContain('<a:latin typeface="Calibri"/>');
    expect(minor).toContain(`<a:ea typeface="${eastAsian}"/>`);
    expect(minor).toContain(`<a:font script="${script}" typeface="${eastAsian}"/>`);
    expect(minor).toContain('<a:font script="Hans" typeface="等线"/>');
  },
);

test.each(['zh-CN', 'zh-TW', 'en'] as Lang[])(
  '%s: the ledger prints its paper columns one page wide at 9 pt or more; 台账编号 and the flag’s columns stay off paper',
  async (lang) => {
    const spec = layoutWorkbook(demoCampaign(lang));
    const ledger = spec.sheets.find((x) => x.key === 'ledger')!;
    const area = ledger.print!.area!;
    const header = ledger.tables[0].header;
    const cols = { first: header.indexOf(strings(lang).ledger.columns.seq) + 1, last: header.indexOf(strings(lang).ledger.columns.remarks) + 1 };
    expect(area).toBe(`A1:${String.fromCharCode(64 + cols.last)}${ledger.tables[0].row + ledger.tables[0].rows.length}`);
    expect(header.indexOf(strings(lang).ledger.columns.itemId) + 1).toBeGreaterThan(cols.last);
    expect(ledger.print!.scale * 11).toBeGreaterThanOrEqual(900);
    expect(
      fitsReadably(
        ledger.columns.slice(0, cols.last).map((c) => c.width),
        ledger.print!,
      ),
    ).toBe(true);
    // After a flag, the print area is the same: the flag's columns are working columns.
    const flagged = await flagXlsx(await writeXlsx(spec), { asOf: AS_OF, runDate: AS_OF });
    expect(XlsxPackage.open(flagged.bytes).localName('_xlnm.Print_Area', ledger.name)).toBe(
      `'${ledger.name}'!$A$1:$${area.slice(area.indexOf(':') + 1).replace(/(\d+)$/, '$$$1')}`,
    );
  },
);

test('a long 领导小组 title and the schedule’s title print whole, over their tables', async () => {
  const name = '关于开展作风建设年暨解放思想大讨论专项活动的实施方案配套工作台账';
  const c = withSampleItems(campaignFromTemplate(DEFAULT_TEMPLATE_ID, { start: '2026-11-05', lang: 'zh-CN', name, asOf: AS_OF }), 3, AS_OF);
  const file = path.join(dir, 'long-title.xlsx');
  fs.writeFileSync(file, await writeXlsx(layoutWorkbook(c)));
  const [pdf] = printToPdf([file]);
  const all = squeezed(rawPages(pdf).join(''));
  for (const title of ['领导小组', '阶段安排', '整改台账']) expect(all).toContain(squeezed(`${name} · ${title}`));
}, 120_000);

test('the year-long template’s timeline: week labels at 9 pt or more, over as many pages as it takes with 序号 and 阶段 repeated', async () => {
  const c = campaignFromTemplate('jiguan-chuangxin', { start: '2026-01-01', lang: 'zh-CN', asOf: AS_OF });
  const file = path.join(dir, 'year.xlsx');
  fs.writeFileSync(file, await writeXlsx(layoutWorkbook(c)));
  const [pdf] = printToPdf([file]);
  const pages = rawPages(pdf);
  const words = pageWords(pdf);
  const schedule = pages.map((p, i) => ({ p, i })).filter(({ p }) => p.includes('阶段安排'));
  expect(schedule.length).toBeGreaterThan(1);
  for (const { p, i } of schedule) {
    expect(p).toContain('序号');
    const labels = words[i].filter((w) => /^\d{1,2}\/\d{1,2}$/.test(w.text));
    expect(labels.length).toBeGreaterThan(10);
    // An upright label's box is as wide as its text is tall: its height here is the label's length.
    expect(Math.min(...labels.map((w) => w.height))).toBeGreaterThanOrEqual(7);
  }
}, 120_000);

test('add-status on hand-made ledgers: one page per sheet, the new columns beside the items, no prepared rows, no ###', async () => {
  const layouts = { one: layoutOne, four: layoutFour, five: layoutFive, six: layoutSix };
  const files: string[] = [];
  for (const [name, build] of Object.entries(layouts)) {
    const out = await addStatusColumnsXlsx(await bytesOf(build()), { asOf: '2024-04-10' });
    files.push(path.join(dir, `status-${name}.xlsx`));
    fs.writeFileSync(files[files.length - 1], out.bytes);
  }
  const pdfs = printToPdf(files);
  // Each workbook's sheets (layout one has 说明 too) and 状态设置: one page each. Before the print
  // area and the one-page width, layout five printed its two new columns on a page of their own,
  // and the 200 prepared rows' formulas added blank pages.
  expect(pdfs.map((pdf) => pdfPages(pdf).length)).toEqual([3, 2, 2, 2]);
  for (const pdf of pdfs) {
    const pages = pdfPages(pdf);
    // Not on our settings sheet. (Layout five's own 完成時限 column, 8.43 characters, is too narrow for
    // 2024/4/13 in LibreOffice: the user's sheet is the user's.)
    expect(pages.filter((p) => p.includes('状态设置') && p.includes('###')).length).toBe(0);
    const ledger = pages.find((p) => p.includes('整改状态'))!;
    expect(ledger).toMatch(/已逾期\s+-\d+/);
    expect(pages.some((p) => /统计日期\s+2024-04-10/.test(p))).toBe(true);
  }
}, 120_000);

test('a user’s own print area comes through the flag anchored as it was', async () => {
  const wb = layoutOne();
  wb.getWorksheet('说明')!.pageSetup.printArea = absoluteRows('A1:B5');
  const out = await flagXlsx(await bytesOf(wb), { asOf: '2024-04-10', runDate: '2024-04-10' });
  const xml = await (await JSZip.loadAsync(out.bytes)).file('xl/workbook.xml')!.async('string');
  expect(xml).toMatch(/_xlnm\.Print_Area" localSheetId="1">&apos;说明&apos;!\$A\$1:\$B\$5</);
});
