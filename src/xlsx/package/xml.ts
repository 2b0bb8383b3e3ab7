/**
 * XML of the package's small parts (workbook, relationships, content types) as a tree of elements
 * that know where they stand in the text, built on the streaming tokenizer. Changes are splices
 * into the original text, so whatever is not changed keeps its bytes: attribute order, quotes,
 * prefixes (`<x:workbook>`), comments and extensions we do not know.
 *
 * The tree is lean: an element keeps the namespaces it declares, not every one in scope (2,000
 * declarations over 100,000 elements cost 2,000 entries, not 200 million), and the number of
 * elements, attributes and declarations is bounded (LIMITS).
 */
import { fail, LIMITS } from './limits';
import { decodeEntities, XmlStream } from './xml-stream';

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
  /** Namespace declarations made on this element: prefix → URI ('' for the default). */
  ns: Record<string, string>;
  parent: XmlNode | null;
}

export const NS = {
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  strictMain: 'http://purl.oclc.org/ooxml/spreadsheetml/main',
  rel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  strictRel: 'http://purl.oclc.org/ooxml/officeDocument/relationships',
  pkgRel: 'http://schemas.openxmlformats.org/package/2006/relationships',
  contentTypes: 'http://schemas.openxmlformats.org/package/2006/content-types',
} as const;

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** An attribute value as a parser reports it: whitespace characters normalised to spaces, entities decoded. */
function attrText(raw: string): string {
  return decodeEntities(raw.replace(/[\t\n\r]/g, ' '));
}

/** The URI a prefix is bound to where a node stands ('' when it is not bound). */
function lookup(node: XmlNode | null, prefix: string): string {
  for (let n = node; n; n = n.parent) {
    const uri = n.ns[prefix];
    if (uri !== undefined) return uri;
  }
  return prefix === 'xml' ? 'http://www.w3.org/XML/1998/namespace' : '';
}

/** Parses a small part; `part` names it in a message when it is past a limit. */
export function parseXml(text: string, part = ''): XmlNode {
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  let elements = 0;
  let declarations = 0;
  const limit = (what: 'elements' | 'attributes' | 'namespaces', n: number) => fail({ kind: 'limit', what, limit: n, part });
  const stream = new XmlStream(
    {
      open(local, name, s, from, to, selfClosing, start, end) {
        if (++elements > LIMITS.treeElements) limit('elements', LIMITS.treeElements);
        const parent = stack.length ? stack[stack.length - 1] : null;
        if (!parent && root) fail({ kind: 'notXlsx' });
        const attrs: Record<string, string> = {};
        const ns: Record<string, string> = {};
        let count = 0;
        ATTRIBUTE.lastIndex = 0;
        const tag = s.slice(from, to);
        for (let m = ATTRIBUTE.exec(tag); m; m = ATTRIBUTE.exec(tag)) {
          if (++count > LIMITS.attributes) limit('attributes', LIMITS.attributes);
          const value = attrText(m[2] ?? m[3]);
          if (attrs[m[1]] === undefined) attrs[m[1]] = value;
          if (m[1] === 'xmlns' || m[1].startsWith('xmlns:')) {
            if (++declarations > LIMITS.namespaces) limit('namespaces', LIMITS.namespaces);
            ns[m[1] === 'xmlns' ? '' : m[1].slice(6)] = value;
          }
        }
        const colon = name.indexOf(':');
        const prefix = colon < 0 ? '' : name.slice(0, colon);
        const node: XmlNode = {
          name,
          local,
          prefix,
          uri: '',
          attrs,
          start,
          openEnd: end,
          closeStart: end,
          end,
          selfClosing,
          children: [],
          text: '',
          ns,
          parent,
        };
        node.uri = lookup(node, prefix);
        if (parent) parent.children.push(node);
        else root = node;
        stack.push(node);
      },
      close(_local, start, end) {
        const node = stack.pop()!;
        if (!node.selfClosing) {
          node.closeStart = start;
          node.end = end;
        }
      },
      text(s, from, to, cdata) {
        if (stack.length) stack[stack.length - 1].text += cdata ? s.slice(from, to) : decodeEntities(s.slice(from, to));
      },
    },
    part,
  );
  stream.write(text);
  stream.end();
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
  const shadowed = new Set<string>();
  for (let n: XmlNode | null = node; n; n = n.parent) {
    for (const [prefix, u] of Object.entries(n.ns)) {
      if (u === uri && !shadowed.has(prefix)) return prefix;
      shadowed.add(prefix);
    }
  }
  return null;
}

/** Characters no XML document may hold, not even as a reference (XML 1.0 §2.2). */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const HAS_NOT_XML = new RegExp(NOT_XML.source);

/** Text as XML holds it: characters XML cannot hold become U+FFFD (a lone surrogate does when encoded). */
export function xmlChars(text: string): string {
  return text.replace(NOT_XML, '\ufffd');
}

/**
 * A structure (a WorkbookSpec for ExcelJS, which keeps U+FFFE and U+FFFF) with every string made
 * valid XML: the same objects where nothing needed it.
 */
export function xmlSafe<T>(value: T): T {
  if (typeof value === 'string') return (HAS_NOT_XML.test(value) ? xmlChars(value) : value) as T;
  if (Array.isArray(value)) {
    const out = value.map((v) => xmlSafe(v));
    return (out.some((v, i) => v !== value[i]) ? out : value) as T;
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let out: Record<string, unknown> | null = null;
    for (const [k, v] of Object.entries(value)) {
      const safe = xmlSafe(v);
      if (safe !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = safe;
    }
    return (out ?? value) as T;
  }
  return value;
}

export function escapeText(text: string): string {
  return xmlChars(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(text: string): string {
  return xmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
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
