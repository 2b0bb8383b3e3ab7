/**
 * Ribbon commands (ExecuteFunction). The one-click overdue flag is registered here once the
 * flag action and the Office.js renderer exist; the function file must load either way.
 */
Office.onReady(() => {
  // Nothing to register yet: the manifest's only button opens the task pane.
});
