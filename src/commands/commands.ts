/**
 * Ribbon commands (ExecuteFunction). 标记逾期 runs the overdue flag on the open workbook and
 * shows the counts in a small dialog. The logic lives in src/excel/ribbon.ts, tested against
 * the Excel double; this file only connects it to Office.
 */
import { localIsoDate } from '../core/dates';
import type { ContextApi } from '../excel/api';
import { flagFromRibbon } from '../excel/ribbon';
import { langOfOffice } from '../excel/requirements';

/** Shows a message in a dialog (dialog.html), closed by its button or by the user. */
function showDialog(message: string, kind: 'info' | 'error', lang: string): Promise<void> {
  const url = new URL('dialog.html', window.location.href);
  url.searchParams.set('kind', kind);
  url.searchParams.set('lang', lang);
  url.hash = encodeURIComponent(message);
  return new Promise((resolve) => {
    Office.context.ui.displayDialogAsync(url.toString(), { height: 30, width: 35, displayInIframe: true }, (result) => {
      if (result.status !== Office.AsyncResultStatus.Succeeded) {
        resolve();
        return;
      }
      const dialog = result.value;
      dialog.addEventHandler(Office.EventType.DialogMessageReceived, () => dialog.close());
      resolve();
    });
  });
}

async function flagOverdue(event: Office.AddinCommands.Event): Promise<void> {
  const lang = langOfOffice(Office.context.displayLanguage);
  await flagFromRibbon(event, {
    run: (batch) => Excel.run((context) => batch(context as unknown as ContextApi)),
    isSetSupported: (name, version) => Office.context.requirements.isSetSupported(name, version),
    notify: (message, kind) => showDialog(message, kind, lang),
    today: () => localIsoDate(new Date()),
    lang,
  });
}

// Older Office finds the function by its global name; newer by Office.actions.associate.
(globalThis as unknown as Record<string, unknown>).flagOverdue = flagOverdue;
Office.onReady(() => {
  if (Office.actions?.associate) Office.actions.associate('flagOverdue', flagOverdue);
});
