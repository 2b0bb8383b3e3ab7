/** The message dialog of the ribbon commands: text from the URL, shown as text (never as HTML). */
import { bootAllows } from '../boot/handshake';
import { strings } from '../core/locale';
import './dialog.css';

/** The message travels percent-encoded in the fragment; a cut or mangled one says so, never shows nothing. */
function messageText(unreadable: string): { text: string; error: boolean } {
  try {
    const text = decodeURIComponent(window.location.hash.slice(1));
    if (text.trim()) return { text, error: new URLSearchParams(window.location.search).get('kind') === 'error' };
  } catch {
    // URIError: fall through to the message that says the address was incomplete.
  }
  return { text: unreadable, error: true };
}

function showMessage(): void {
  const params = new URLSearchParams(window.location.search);
  const lang = params.get('lang') === 'en' ? 'en' : params.get('lang') === 'zh-TW' ? 'zh-TW' : 'zh-CN';
  const s = strings(lang);
  document.documentElement.lang = lang;
  const message = document.getElementById('message')!;
  const shown = messageText(s.host.dialogUnreadable);
  message.textContent = shown.text;
  if (shown.error) message.classList.add('error');
  document.getElementById('title')!.textContent = s.host.flagTitle;
  const close = document.getElementById('close')!;
  close.textContent = s.host.close;
  close.addEventListener('click', () => Office.context.ui.messageParent('close'));
  Office.onReady(() => close.focus());
}

// Where the boot script (src/boot/boot.js) found this webview too old, it shows its own message.
if (bootAllows()) showMessage();
