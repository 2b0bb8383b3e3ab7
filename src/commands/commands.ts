/**
 * Ribbon commands (ExecuteFunction). 标记逾期 runs the overdue flag on the open workbook and
 * shows the counts in a small dialog. The logic lives in src/excel/ribbon.ts, tested against
 * the Excel double; this file only connects it to Office.
 */
import { bootAllows } from '../boot/handshake';
import { localIsoDate } from '../core/dates';
import type { ContextApi } from '../excel/api';
import { type DialogUi, dialogUrl, showMessageDialog } from '../excel/dialog';
import { flagFromRibbon } from '../excel/ribbon';
import { langOfOffice } from '../excel/requirements';

async function flagOverdue(event: Office.AddinCommands.Event): Promise<void> {
  const lang = langOfOffice(Office.context.displayLanguage);
  await flagFromRibbon(event, {
    // delayForCellEdit (ExcelApi 1.11): wait while the user is typing in a cell instead of failing.
    run: (batch) => Excel.run({ delayForCellEdit: true }, (context) => batch(context as unknown as ContextApi)),
    isSetSupported: (name, version) => Office.context.requirements.isSetSupported(name, version),
    notify: (message, kind) =>
      showMessageDialog(Office.context.ui as DialogUi, dialogUrl(new URL(window.location.href), message, kind, lang), {
        succeeded: Office.AsyncResultStatus.Succeeded,
        messageReceived: Office.EventType.DialogMessageReceived,
        eventReceived: Office.EventType.DialogEventReceived,
      }),
    today: () => localIsoDate(new Date()),
    lang,
  });
}

// Older Office finds the function by its global name; newer by Office.actions.associate. Where
// the boot script found this webview too old, its stand-in (a message, then event.completed())
// answers the button instead.
if (bootAllows()) {
  (globalThis as unknown as Record<string, unknown>).flagOverdue = flagOverdue;
  Office.onReady(() => {
    if (Office.actions?.associate) Office.actions.associate('flagOverdue', flagOverdue);
  });
}
