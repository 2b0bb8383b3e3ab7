/**
 * The ribbon's message dialog. A function command's runtime ends when it calls
 * `event.completed()`: Office then unloads the command's page, the dialog loses its handlers and,
 * on some platforms, closes at once. So the dialog is awaited until it is closed, by its button or
 * by the user, and only then may the command complete.
 */

export interface DialogApi {
  addEventHandler(eventType: never, handler: (arg: unknown) => void): void;
  close(): void;
}

/** The part of Office.context.ui the command uses (Office.UI.displayDialogAsync). */
export interface DialogUi {
  displayDialogAsync(
    startAddress: string,
    options: { height: number; width: number; displayInIframe: boolean },
    callback: (result: { status: unknown; value: DialogApi }) => void,
  ): void;
}

/** Office.AsyncResultStatus.Succeeded, Office.EventType.DialogMessageReceived and DialogEventReceived. */
export interface DialogConstants {
  succeeded: unknown;
  messageReceived: unknown;
  eventReceived: unknown;
}

/** Office closes a function command that takes longer than this; the dialog is closed before. */
export const DIALOG_LIMIT_MS = 4 * 60 * 1000;

export function dialogUrl(page: URL, message: string, kind: 'info' | 'error', lang: string): string {
  const url = new URL('dialog.html', page);
  url.searchParams.set('kind', kind);
  url.searchParams.set('lang', lang);
  url.hash = encodeURIComponent(message);
  return url.toString();
}

/** Shows the dialog and resolves once it is closed (or could not be shown). */
export function showMessageDialog(ui: DialogUi, url: string, office: DialogConstants, limitMs = DIALOG_LIMIT_MS): Promise<void> {
  return new Promise((resolve) => {
    ui.displayDialogAsync(url, { height: 30, width: 35, displayInIframe: true }, (result) => {
      if (result.status !== office.succeeded) {
        resolve();
        return;
      }
      const dialog = result.value;
      let open = true;
      const finish = (close: boolean) => {
        if (!open) return;
        open = false;
        clearTimeout(timer);
        if (close) dialog.close();
        resolve();
      };
      const timer = setTimeout(() => finish(true), limitMs);
      // The page's Close button sends a message; the dialog's own × raises an event (12006).
      dialog.addEventHandler(office.messageReceived as never, () => finish(true));
      dialog.addEventHandler(office.eventReceived as never, () => finish(false));
    });
  });
}
