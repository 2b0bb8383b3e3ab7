/**
 * XML of the package's small parts (workbook, relationships, content types, styles) as a tree of
 * elements that know where they stand in the text, parsed with saxes (namespace-aware, strict).
 * Changes are splices into the original text, so whatever is not changed keeps its bytes:
 * attribute order, quotes, prefixes (`<x:workbook>`), comments and extensions we do not know.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { fail } from './limits';

export interface XmlNode {
  /** As written, with its prefix: `x:sheet`. */
  name: string;
  local: string;
  prefix: string;
  uri: string;
  /** By qualified name, unescaped. */
  attrs: Record<string, string>;
  /** Offsets in the text: `<` of the start tag, after its `>`, `<` of the end tag, after its `>`. */
  start: number;
  openEnd: number;
  closeStart: number;
  end: number;
  selfClosing: boolean;
  children: XmlNode[];
  /** The element's own text (not its children's), unescaped. */
  text: string;
  /** Namespace declarations in scope: prefix → URI ('' for the default). */
  ns: Record<string, string>;
}

export const NS = {
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  strictMain: 'http://purl.oclc.org/ooxml/spreadsheetml/main',
  rel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  pkgRel: 'http://schemas.openxmlformats.org/package/2006/relationships',
  contentTypes: 'http://schemas.openxmlformats.org/package/2006/content-types',
} as const;

export function parseXml(text: string): XmlNode {
  const p = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  let lastEnd = 0;
  const after = () => {
    lastEnd = p.position;
  };
  p.on('xmldecl', after);
  p.on('processinginstruction', after);
  p.on('comment', after);
  p.on('doctype', after);
  p.on('cdata', (t) => {
    if (stack.length) stack[stack.length - 1].text += t;
    lastEnd = p.position;
  });
  p.on('text', (t) => {
    if (stack.length) stack[stack.length - 1].text += t;
    // Text is reported once the next '<' has been read.
    lastEnd = p.position - 1;
  });
  p.on('opentag', (tag: SaxesTagNS) => {
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) attrs[a.name] = a.value;
    const node: XmlNode = {
      name: tag.name,
      local: tag.local,
      prefix: tag.prefix,
      uri: tag.uri,
      attrs,
      start: lastEnd,
      openEnd: p.position,
      closeStart: p.position,
      end: p.position,
      selfClosing: tag.isSelfClosing,
      children: [],
      text: '',
      ns: { ...(stack.length ? stack[stack.length - 1].ns : {}), ...tag.ns },
    };
    if (stack.length) stack[stack.length - 1].children.push(node);
    else root = node;
    stack.push(node);
    lastEnd = p.position;
  });
  p.on('closetag', () => {
    const node = stack.pop()!;
    if (!node.selfClosing) {
      node.closeStart = lastEnd;
      node.end = p.position;
    }
    lastEnd = p.position;
  });
  try {
    p.write(text).close();
  } catch {
    fail({ kind: 'notXlsx' });
  }
  if (!root) fail({ kind: 'notXlsx' });
  return root;
}

export function child(node: XmlNode, local: string): XmlNode | undefined {
  return node.children.find((c) => c.local === local);
}

export function children(node: XmlNode, local: string): XmlNode[] {
  return node.children.filter((c) => c.local === local);
}

/** The prefix (with its colon) a new element in this element's namespace takes: `x:` or ''. */
export function prefixOf(node: XmlNode): string {
  return node.prefix ? `${node.prefix}:` : '';
}

/** The prefix bound to a namespace where the node stands, if any ('' for the default namespace). */
export function prefixFor(node: XmlNode, uri: string): string | null {
  for (const [prefix, u] of Object.entries(node.ns)) if (u === uri) return prefix;
  return null;
}

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/**
 * Cell text as OOXML stores it: characters XML cannot hold (control characters) as `_xHHHH_`, and a
 * literal `_xHHHH_` in the text escaped, so that it reads back as itself.
 */
export function encodeCellText(text: string): string {
  return escapeText(
    text
      .replace(/_x([0-9A-Fa-f]{4})_/g, '_x005F_x$1_')
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`),
  );
}

/** The inverse of the `_xHHHH_` escape, as Excel reads cell text. */
export function decodeCellText(text: string): string {
  return text.indexOf('_x') < 0 ? text : text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Splices into a text: every edit names a range of the original, and they must not overlap. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

export function applySplices(text: string, splices: Splice[]): string {
  const sorted = [...splices].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) throw new Error(`overlapping edits at ${s.start}`);
    out += text.slice(at, s.start) + s.text;
    at = s.end;
  }
  return out + text.slice(at);
}

/** An attribute set (or added) in a start tag's text, every other byte of the tag kept. */
export function setAttr(tag: string, name: string, value: string): string {
  const re = new RegExp(`(\\s${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*)(["'])[^"']*\\2`);
  if (re.test(tag)) return tag.replace(re, `$1"${escapeAttr(value)}"`);
  return tag.replace(/\s*(\/?>)$/, ` ${name}="${escapeAttr(value)}"$1`);
}

export function removeAttr(tag: string, name: string): string {
  return tag.replace(new RegExp(`\\s${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*(["'])[^"']*\\1`), '');
}
