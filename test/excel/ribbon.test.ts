/** The ribbon's 标记逾期 (ExecuteFunction) against the Excel double: a message, and event.completed() always. */
import ExcelJS from 'exceljs';
import { layoutWorkbook } from '../../src/core';
import { doubleFromXlsx } from '../../src/excel-double/from-xlsx';
import { type ExcelDouble } from '../../src/excel-double/double';
import { DIALOG_LIMIT_MS, type DialogUi, dialogUrl, showMessageDialog } from '../../src/excel/dialog';
import { flagFromRibbon, type RibbonHost } from '../../src/excel/ribbon';
import { langOfOffice } from '../../src/excel/requirements';
import { writeXlsx } from '../../src/xlsx/render';
import { campaignWith } from '../helpers/campaigns';
import { bytesOf } from '../helpers/handmade';

const ledger = campaignWith(
  [
    { label: 'a', deadline: '2024-03-30', unit: '办公室' },
    { label: 'b', deadline: '2024-03-01', unit: '业务科' },
    { label: 'c', deadline: '2024-04-01', unit: '业务科' },
    { label: 'd', deadline: '2024-04-12' },
  ],
  '2024-03-01',
);

function host(double: ExcelDouble, overrides: Partial<RibbonHost> = {}) {
  const messages: { message: string; kind: string }[] = [];
  const h: RibbonHost = {
    run: (batch) => double.run(batch),
    isSetSupported: () => true,
    notify: async (message, kind) => {
      messages.push({ message, kind });
    },
    today: () => '2024-04-10',
    lang: 'zh-CN',
    ...overrides,
  };
  const event = { completed: jest.fn() };
  return { h, event, messages };
}

test('success: the ledger is flagged and the counts are shown by unit', async () => {
  const double = await doubleFromXlsx(await writeXlsx(layoutWorkbook(ledger)));
  const { h, event, messages } = host(double);
  await flagFromRibbon(event, h);
  expect(event.completed).toHaveBeenCalledTimes(1);
  expect(messages).toEqual([{ kind: 'info', message: expect.stringContaining('截至 2024-04-10:逾期 3 项(本次新增 3 项),1 项即将到期') }]);
  expect(messages[0].message).toContain('业务科:2 项');
  expect(messages[0].message).toContain('办公室:1 项');
  expect(double.state.sheets.map((s) => s.name)).toContain('逾期清单');
});

test('no ledger: a message saying what a ledger needs, nothing changed', async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('通讯录').addRows([
    ['姓名', '电话'],
    ['张三', '1'],
  ]);
  const double = await doubleFromXlsx(await bytesOf(wb));
  const { h, event, messages } = host(double);
  await flagFromRibbon(event, h);
  expect(event.completed).toHaveBeenCalledTimes(1);
  expect(messages).toEqual([{ kind: 'error', message: expect.stringContaining('没有找到整改台账') }]);
  expect(double.state.sheets.map((s) => s.name)).toEqual(['通讯录']);
});

test('protected ledger sheet: the message names the sheet and how to unprotect it', async () => {
  const double = await doubleFromXlsx(await writeXlsx(layoutWorkbook(ledger)));
  double.sheet('整改台账').protected = true;
  const { h, event, messages } = host(double, { lang: 'en' });
  await flagFromRibbon(event, h);
  expect(event.completed).toHaveBeenCalledTimes(1);
  expect(messages[0].kind).toBe('error');
  expect(messages[0].message).toContain('The sheet "整改台账" is protected');
  expect(double.state.sheets.map((s) => s.name)).not.toContain('逾期清单');
});

test('an Excel without ExcelApi 1.9: a clear message, and the workbook is not touched', async () => {
  const double = await doubleFromXlsx(await writeXlsx(layoutWorkbook(ledger)));
  const { h, event, messages } = host(double, { isSetSupported: (_n, v) => v !== '1.9', lang: 'zh-TW' });
  await flagFromRibbon(event, h);
  expect(event.completed).toHaveBeenCalledTimes(1);
  expect(messages[0].message).toContain('ExcelApi 1.9');
  expect(double.syncs.length).toBe(0);
});

test('even when the message cannot be shown, the event completes', async () => {
  const double = await doubleFromXlsx(await writeXlsx(layoutWorkbook(ledger)));
  const { h, event } = host(double, {
    notify: async () => {
      throw new Error('dialog blocked');
    },
  });
  await flagFromRibbon(event, h);
  expect(event.completed).toHaveBeenCalledTimes(1);
});

test.each([
  ['zh-CN', 'zh-CN'],
  ['zh-TW', 'zh-TW'],
  ['zh-HK', 'zh-TW'],
  ['en-US', 'en'],
  ['de-DE', 'en'],
  [undefined, 'zh-CN'],
])('display language %s → %s', (office, lang) => {
  expect(langOfOffice(office)).toBe(lang);
});

/**
 * Office ends a function command's runtime at event.completed(): its page is unloaded and the
 * dialog's handlers with it. The double of that runtime drops the handlers once completed.
 */
function commandRuntime() {
  const log: string[] = [];
  let ended = false;
  const handlers = new Map<unknown, (arg: unknown) => void>();
  const ui: DialogUi = {
    displayDialogAsync: (_url, _options, callback) => {
      log.push('shown');
      callback({
        status: 'succeeded',
        value: {
          addEventHandler: (type, handler) => {
            handlers.set(type, handler);
          },
          close: () => {
            log.push('closed');
          },
        },
      });
    },
  };
  const raise = (type: string) => {
    if (ended) {
      log.push('handler gone');
      return;
    }
    handlers.get(type)?.({});
  };
  return {
    log,
    ui,
    event: {
      completed: () => {
        log.push('completed');
        ended = true;
      },
    },
    userClicksClose: () => raise('dialogMessageReceived'),
    userClosesWindow: () => raise('dialogEventReceived'),
  };
}
const OFFICE = { succeeded: 'succeeded', messageReceived: 'dialogMessageReceived', eventReceived: 'dialogEventReceived' };
const tick = () => new Promise((r) => setTimeout(r, 5));

test.each([
  ['its Close button', 'userClicksClose', ['shown', 'closed', 'completed']],
  ['the window’s ×', 'userClosesWindow', ['shown', 'completed']],
] as const)('the dialog stays until the user closes it with %s; only then does the command complete', async (_label, how, expected) => {
  const double = await doubleFromXlsx(await writeXlsx(layoutWorkbook(ledger)));
  const runtime = commandRuntime();
  const { h } = host(double, { notify: () => showMessageDialog(runtime.ui, 'https://localhost/dialog.html', OFFICE) });
  const running = flagFromRibbon(runtime.event, h);
  while (!runtime.log.includes('shown')) await tick();
  await tick();
  expect(runtime.log).toEqual(['shown']);
  runtime[how]();
  await running;
  expect(runtime.log).toEqual(expected);
});

test('a dialog left open is closed before Office’s time limit for a command, then the command completes', async () => {
  const double = await doubleFromXlsx(await writeXlsx(layoutWorkbook(ledger)));
  const runtime = commandRuntime();
  const { h } = host(double, { notify: () => showMessageDialog(runtime.ui, 'https://localhost/dialog.html', OFFICE, 30) });
  await flagFromRibbon(runtime.event, h);
  expect(runtime.log).toEqual(['shown', 'closed', 'completed']);
  expect(DIALOG_LIMIT_MS).toBeLessThan(5 * 60 * 1000);
});

test('the dialog’s address carries the message in its fragment, percent-encoded', () => {
  const url = new URL(dialogUrl(new URL('https://addin.example/app/commands.html'), '逾期 3 项\n办公室:1 项 #1', 'info', 'zh-CN'));
  expect(url.pathname).toBe('/app/dialog.html');
  expect(decodeURIComponent(url.hash.slice(1))).toBe('逾期 3 项\n办公室:1 项 #1');
});

test('the runtime double catches a command that completes while its dialog is still open (the old notify)', async () => {
  const double = await doubleFromXlsx(await writeXlsx(layoutWorkbook(ledger)));
  const runtime = commandRuntime();
  // Resolving as soon as the dialog is shown, as notify did before.
  const shownOnly = () => new Promise<void>((resolve) => runtime.ui.displayDialogAsync('x', { height: 1, width: 1, displayInIframe: true }, () => resolve()));
  const { h } = host(double, { notify: shownOnly });
  await flagFromRibbon(runtime.event, h);
  runtime.userClicksClose();
  expect(runtime.log).toEqual(['shown', 'completed', 'handler gone']);
});
