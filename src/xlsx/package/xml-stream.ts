/**
 * A streaming tokenizer for the parts of a package: tags and text with their exact offsets in the
 * text, fed chunk by chunk. It is what a byte-preserving editor needs and a SAX parser does not
 * give: where each tag starts and ends, so that a later pass can splice around it. It checks that
 * tags nest; it does not validate beyond that, and reads an entity it does not know as the text
 * it is (LibreOffice and Excel open such files).
 *
 * Each character is looked at once, however the text is cut into chunks: text is handed on as it
 * comes (a run of 31 MB without a '<' costs 31 MB, not 31 MB per chunk), and a construct that
 * runs over chunks (a long comment, a start tag with a long attribute) is scanned on from where
 * the last chunk ended, its pieces joined once when it ends.
 */
import { fail, LIMITS } from './limits';

export interface XmlHandler {
  /**
   * A start tag: its local name (prefix removed), the text holding it (`s`) with its attributes
   * between `attrFrom` and `attrTo`, and its offsets in the whole stream.
   */
  open(local: string, name: string, s: string, attrFrom: number, attrTo: number, selfClosing: boolean, start: number, end: number): void;
  /** An end tag (also called right after a self-closing start tag, at its end). */
  close(local: string, start: number, end: number): void;
  /**
   * Text (entities still encoded, unless `cdata`) between `from` and `to` of `s`. One run of text
   * may come in several calls; an entity is never cut between two.
   */
  text(s: string, from: number, to: number, cdata: boolean): void;
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

const enum Kind {
  None,
  Start,
  End,
  Comment,
  CData,
  Instruction,
  Declaration,
}

/** How each construct that ends with a fixed text ends. */
const TERMINATOR: Partial<Record<Kind, string>> = { [Kind.Comment]: '-->', [Kind.CData]: ']]>', [Kind.Instruction]: '?>' };
/** The longest entity a reader decodes (`&#x10FFFF;`): a text cut after an '&' closer to its end than this waits for the rest. */
const ENTITY_MAX = 12;

export class XmlStream {
  /** Offset in the whole stream of the next chunk's first character. */
  private at = 0;
  /** A few characters put before the next chunk: a '<' whose kind the chunk did not show yet, or a cut entity. */
  private carry = '';
  /** A construct begun in an earlier chunk: its kind, where it began, its text so far (when it is needed). */
  private kind = Kind.None;
  private started = 0;
  private pieces: string[] = [];
  /** The last characters of an unfinished comment, CDATA or instruction: its end may straddle two chunks. */
  private tail = '';
  /** Scanning state of an unfinished start tag or declaration: inside quotes, inside [ ]. */
  private quote = 0;
  private bracket = 0;
  private readonly stack: string[] = [];
  /** Set by a handler to stop reading (the rest of the stream is not needed). */
  stopped = false;

  /** `part`: the part's name, for a message. */
  constructor(
    private readonly handler: XmlHandler,
    private readonly part = '',
  ) {}

  get depth(): number {
    return this.stack.length;
  }

  write(chunk: string): void {
    if (this.stopped) return;
    let s = chunk;
    let base = this.at;
    if (this.carry) {
      s = this.carry + chunk;
      base -= this.carry.length;
      this.carry = '';
    }
    this.at = base + s.length;
    let i = 0;
    if (this.kind !== Kind.None) {
      const e = this.resume(s);
      if (e < 0) return;
      const kind = this.kind;
      const text = this.pieces.join('') + s.slice(0, e);
      this.kind = Kind.None;
      this.pieces = [];
      this.tail = '';
      this.construct(kind, text, 0, text.length, this.started);
      i = e;
    }
    this.run(s, i, base);
  }

  end(): void {
    if (this.stopped) return;
    if (this.carry && this.carry.charCodeAt(0) !== 60 /* < */) {
      this.handler.text(this.carry, 0, this.carry.length, false);
      this.carry = '';
    }
    if (this.kind !== Kind.None || this.carry || this.stack.length) fail({ kind: 'notXlsx' });
  }

  private run(s: string, from: number, base: number): void {
    const n = s.length;
    const h = this.handler;
    let i = from;
    while (i < n && !this.stopped) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        this.textToEnd(s, i);
        return;
      }
      if (lt > i) h.text(s, i, lt, false);
      i = lt;
      if (i + 1 >= n) {
        this.carry = s.slice(i);
        return;
      }
      const c1 = s.charCodeAt(i + 1);
      let kind: Kind;
      let contentFrom: number;
      if (c1 === 33 /* ! */) {
        const head = s.slice(i, i + 9);
        // Too short yet to tell a comment or CDATA from a declaration.
        if ((head.length < 9 && '<![CDATA['.startsWith(head)) || (head.length < 4 && '<!--'.startsWith(head))) {
          this.carry = s.slice(i);
          return;
        }
        if (head.startsWith('<!--')) [kind, contentFrom] = [Kind.Comment, i + 4];
        else if (head === '<![CDATA[') [kind, contentFrom] = [Kind.CData, i + 9];
        else [kind, contentFrom] = [Kind.Declaration, i + 2];
      } else if (c1 === 63 /* ? */) [kind, contentFrom] = [Kind.Instruction, i + 2];
      else if (c1 === 47 /* / */) [kind, contentFrom] = [Kind.End, i + 2];
      else [kind, contentFrom] = [Kind.Start, i + 1];
      this.quote = 0;
      this.bracket = 0;
      const e = this.scan(kind, s, contentFrom);
      if (e < 0) {
        // It goes on in the next chunk: only what is needed of it is kept.
        this.kind = kind;
        this.started = base + i;
        if (kind === Kind.Start || kind === Kind.End || kind === Kind.CData) this.pieces = [s.slice(i)];
        const t = TERMINATOR[kind];
        if (t) this.tail = s.slice(Math.max(contentFrom, n - t.length + 1));
        return;
      }
      this.construct(kind, s, i, e, base + i);
      i = e;
    }
  }

  /** Text to the end of the chunk; an entity cut at its end waits for the rest. */
  private textToEnd(s: string, i: number): void {
    const n = s.length;
    const amp = s.lastIndexOf('&');
    if (amp >= i && n - amp < ENTITY_MAX && s.indexOf(';', amp) < 0) {
      if (amp > i) this.handler.text(s, i, amp, false);
      this.carry = s.slice(amp);
    } else if (i < n) this.handler.text(s, i, n, false);
  }

  /** Where a construct ends in `s` (the index after it), scanning from `from`; -1 when it goes on. */
  private scan(kind: Kind, s: string, from: number): number {
    const n = s.length;
    switch (kind) {
      case Kind.Start:
      case Kind.Declaration: {
        // A start tag ends at the first '>' outside quotes (a value may hold '>'); a DOCTYPE's
        // internal subset ([ … ]) holds '>' too.
        let quote = this.quote;
        let bracket = this.bracket;
        for (let j = from; j < n; j++) {
          const c = s.charCodeAt(j);
          if (quote) {
            if (c === quote) quote = 0;
          } else if (c === 62 /* > */) {
            if (!bracket) return j + 1;
          } else if (c === 34 || c === 39) quote = c;
          else if (kind === Kind.Declaration && c === 91 /* [ */) bracket++;
          else if (kind === Kind.Declaration && c === 93 /* ] */ && bracket) bracket--;
        }
        this.quote = quote;
        this.bracket = bracket;
        return -1;
      }
      case Kind.End: {
        const e = s.indexOf('>', from);
        return e < 0 ? -1 : e + 1;
      }
      default: {
        const t = TERMINATOR[kind]!;
        const e = s.indexOf(t, from);
        return e < 0 ? -1 : e + t.length;
      }
    }
  }

  /** Scans on an unfinished construct in a new chunk: where it ends in `s`, or -1 (then `s` is kept as needed). */
  private resume(s: string): number {
    const kind = this.kind;
    const t = TERMINATOR[kind];
    let e: number;
    if (t) {
      // The end may straddle the chunks: the last characters before, the first ones now.
      const joined = this.tail + s.slice(0, t.length - 1);
      const k = joined.indexOf(t);
      e = k >= 0 ? k + t.length - this.tail.length : this.scan(kind, s, 0);
      if (e < 0) this.tail = s.length >= t.length - 1 ? s.slice(s.length - t.length + 1) : (this.tail + s).slice(-(t.length - 1));
    } else e = this.scan(kind, s, 0);
    if (e < 0 && (kind === Kind.Start || kind === Kind.End || kind === Kind.CData)) this.pieces.push(s);
    return e;
  }

  /** A whole construct, `s[i, e)`, starting at `start` in the stream. */
  private construct(kind: Kind, s: string, i: number, e: number, start: number): void {
    const h = this.handler;
    const end = start + (e - i);
    if (kind === Kind.CData) h.text(s, i + 9, e - 3, true);
    else if (kind === Kind.End) {
      let k = e - 1;
      while (k > i + 2 && isSpace(s.charCodeAt(k - 1))) k--;
      const name = s.slice(i + 2, k);
      if (this.stack.pop() !== name) fail({ kind: 'notXlsx' });
      const colon = name.indexOf(':');
      h.close(colon < 0 ? name : name.slice(colon + 1), start, end);
    } else if (kind === Kind.Start) {
      const j = e - 1;
      let k = i + 1;
      while (k < j) {
        const c = s.charCodeAt(k);
        if (isSpace(c) || c === 47 || c === 62) break;
        k++;
      }
      const name = s.slice(i + 1, k);
      if (!name) fail({ kind: 'notXlsx' });
      if (name.length > LIMITS.nameChars) fail({ kind: 'limit', what: 'nameChars', limit: LIMITS.nameChars, part: this.part });
      const selfClosing = s.charCodeAt(j - 1) === 47;
      const colon = name.indexOf(':');
      const local = colon < 0 ? name : name.slice(colon + 1);
      if (!selfClosing) {
        this.stack.push(name);
        if (this.stack.length > LIMITS.depth) fail({ kind: 'limit', what: 'depth', limit: LIMITS.depth, part: this.part });
      }
      h.open(local, name, s, k, selfClosing ? j - 1 : j, selfClosing, start, end);
      if (selfClosing) h.close(local, end, end);
    }
  }
}

/** One attribute's value in a start tag's text, entities decoded; undefined when it is absent. */
export function attrValue(s: string, from: number, to: number, name: string): string | undefined {
  // Searched within the tag only: a search of the whole chunk for an absent attribute costs the chunk.
  const tag = s.slice(from, to);
  let i = 0;
  for (;;) {
    i = tag.indexOf(name, i);
    if (i < 0) return undefined;
    let k = i + name.length;
    if (i > 0 && isSpace(tag.charCodeAt(i - 1))) {
      while (isSpace(tag.charCodeAt(k))) k++;
      if (tag.charCodeAt(k) === 61 /* = */) {
        k++;
        while (isSpace(tag.charCodeAt(k))) k++;
        const e = tag.indexOf(tag[k], k + 1);
        if (e < 0) return undefined;
        return decodeEntities(tag.slice(k + 1, e));
      }
    }
    i = k;
  }
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The five XML entities and character references decoded; any other entity stays the text it is. */
export function decodeEntities(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,8}|#\d{1,10}|amp|lt|gt|quot|apos);/g, (whole, e: string) => {
    if (e[0] !== '#') return NAMED[e];
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
