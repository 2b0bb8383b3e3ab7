/** The message dialog of the ribbon commands: text from the URL, shown as text (never as HTML). */
import { strings } from '../core/locale';

const params = new URLSearchParams(window.location.search);
const lang = params.get('lang') === 'en' ? 'en' : params.get('lang') === 'zh-TW' ? 'zh-TW' : 'zh-CN';
const s = strings(lang);
document.documentElement.lang = lang;
const message = document.getElementById('message')!;
message.textContent = decodeURIComponent(window.location.hash.slice(1));
if (params.get('kind') === 'error') message.classList.add('error');
document.getElementById('title')!.textContent = s.host.flagTitle;
const close = document.getElementById('close')!;
close.textContent = s.host.close;
close.addEventListener('click', () => Office.context.ui.messageParent('close'));
Office.onReady(() => close.focus());
