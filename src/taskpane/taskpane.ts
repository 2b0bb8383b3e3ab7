/**
 * The task pane. It lists the built-in templates for now; inserting into the open workbook and
 * the browser download mode come with the Excel host and task pane work. Until then the command
 * line builds the same workbooks.
 */
import { strings, TEMPLATES, type Lang } from '../core';

function render(lang: Lang): void {
  const s = strings(lang);
  const app = document.getElementById('app');
  if (!app) return;
  const list = document.createElement('ul');
  for (const t of TEMPLATES) {
    const li = document.createElement('li');
    li.textContent = `${s.templates[t.id].name}:${s.templates[t.id].description}`;
    list.appendChild(li);
  }
  const heading = document.createElement('h1');
  heading.textContent = s.titles.ledger;
  app.replaceChildren(heading, list);
}

if (typeof Office !== 'undefined') {
  Office.onReady(() => render('zh-CN'));
} else {
  render('zh-CN');
}
