/**
 * The user guide (docs/使用说明.md) as a page the add-in serves beside help.html, so it opens
 * where the add-in runs, without the internet. The guide is written in a small part of Markdown:
 * headings, paragraphs, lists (nested one level), pictures, links, **bold** and `code`. Anything
 * else (a table, raw HTML, a deeper list) stops the build with the line, rather than showing wrongly.
 */
const fs = require('node:fs');
const path = require('node:path');

const GUIDE = path.resolve(__dirname, '../docs/使用说明.md');

const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Inline Markdown: pictures, links (a link to another .md page keeps its text only: those pages are not served), bold, code. */
function inline(text, line) {
  if (/<[a-z/!]/i.test(text)) throw new Error(`使用说明.md line ${line}: HTML is not part of the guide's Markdown`);
  const parts = [];
  const pattern = /!\[([^\]]*)\]\(([^)\s]+)\)|\[([^\]]+)\]\(([^)\s]+)\)|\*\*(.+?)\*\*|`([^`]+)`/g;
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    parts.push(escape(text.slice(at, m.index)));
    if (m[2] !== undefined) parts.push(`<img src="${escape(m[2])}" alt="${escape(m[1])}">`);
    else if (m[4] !== undefined) parts.push(/^https?:/.test(m[4]) ? `<a href="${escape(m[4])}">${escape(m[3])}</a>` : escape(m[3]));
    else if (m[5] !== undefined) parts.push(`<strong>${escape(m[5])}</strong>`);
    else parts.push(`<code>${escape(m[6])}</code>`);
    at = m.index + m[0].length;
  }
  parts.push(escape(text.slice(at)));
  return parts.join('');
}

/** The guide's Markdown as HTML (the body only). Lists nest one level (a step's points). */
function guideHtml(markdown) {
  const out = [];
  // The open lists, outermost first: 'ol' or 'ul'.
  const lists = [];
  let paragraph = [];
  const flush = () => {
    if (paragraph.length) out.push(`<p>${paragraph.join(' ')}</p>`);
    paragraph = [];
  };
  const closeTo = (depth) => {
    while (lists.length > depth) out.push(`</li></${lists.pop()}>`);
  };
  markdown.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trimEnd();
    let m;
    if (!text.trim()) {
      flush();
      return;
    }
    if (/^\s*\|/.test(text) || /^\s*```/.test(text)) throw new Error(`使用说明.md line ${line}: tables and code blocks are not part of the guide's Markdown`);
    if ((m = /^(#{1,3}) (.+)$/.exec(text))) {
      flush();
      closeTo(0);
      const level = m[1].length;
      out.push(`<h${level}>${inline(m[2], line)}</h${level}>`);
    } else if ((m = /^( *)(\d+\.|[-*]) (.+)$/.exec(text))) {
      flush();
      const depth = m[1].length ? 2 : 1;
      if (depth === 2 && !lists.length) throw new Error(`使用说明.md line ${line}: an indented item outside a list`);
      if (m[1].length > 4) throw new Error(`使用说明.md line ${line}: nested lists deeper than one level are not part of the guide's Markdown`);
      const kind = /\d/.test(m[2]) ? 'ol' : 'ul';
      closeTo(depth);
      if (lists.length === depth && lists[depth - 1] !== kind) closeTo(depth - 1);
      if (lists.length === depth) out.push('</li>');
      else {
        out.push(`<${kind}>`);
        lists.push(kind);
      }
      out.push(`<li>${inline(m[3], line)}`);
    } else if (/^\s+\S/.test(text) && lists.length) {
      // A list item's continuation line.
      out.push(inline(text.trim(), line));
    } else if ((m = /^> (.+)$/.exec(text))) {
      flush();
      closeTo(0);
      out.push(`<p class="tip">${inline(m[1], line)}</p>`);
    } else {
      closeTo(0);
      paragraph.push(inline(text.trim(), line));
    }
  });
  flush();
  closeTo(0);
  return out.join('\n');
}

/** The pictures the guide shows, as paths relative to docs/. */
function guideImages(markdown) {
  return [...markdown.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

/** The served page: the add-in's policy first in its head, help.css for its look. */
function guidePage(csp, markdown = fs.readFileSync(GUIDE, 'utf8')) {
  const title = /^# (.+)$/m.exec(markdown)?.[1] ?? '使用说明';
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset=utf-8><meta http-equiv=Content-Security-Policy content="${escape(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<link rel="stylesheet" href="help.css">
</head>
<body class="guide">
${guideHtml(markdown)}
</body>
</html>
`;
}

module.exports = { GUIDE, guideHtml, guideImages, guidePage };
