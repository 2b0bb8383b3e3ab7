/**
 * The second pass over a part: its text streamed through again with edits spliced in at the
 * offsets the first pass found. Everything between edits goes out as it came in.
 */
import type { TextSink } from './zip';
import type { Feed } from './sheet-scan';

/** A replacement of [start, end) of the original text (an insertion when they are equal). */
export interface TextEdit {
  start: number;
  end: number;
  /** The new text, or a function of the text it replaces (a start tag to change one attribute of). */
  text: string | ((original: string) => string);
}

/** Edits in order of position; insertions at one offset keep the order they were made in. */
export function sortEdits(edits: TextEdit[]): TextEdit[] {
  return edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i)
    .map((x) => x.e);
}

/**
 * Sources of edits, each in order of position, merged into one order. At equal positions the
 * earlier source comes first; edits that overlap are a bug of the caller and fail loudly.
 */
export function* mergeEdits(...sources: Iterable<TextEdit>[]): Generator<TextEdit> {
  const its = sources.map((s) => s[Symbol.iterator]());
  const heads = its.map((it) => it.next());
  let last: TextEdit | null = null;
  for (;;) {
    let pick = -1;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (h.done) continue;
      if (pick < 0) pick = i;
      else {
        const a = h.value;
        const b = heads[pick].value as TextEdit;
        if (a.start < b.start || (a.start === b.start && a.end < b.end)) pick = i;
      }
    }
    if (pick < 0) return;
    const e = heads[pick].value as TextEdit;
    if (last && e.start < last.end) throw new Error(`overlapping edits at ${e.start}`);
    last = e;
    yield e;
    heads[pick] = its[pick].next();
  }
}

export function streamEdits(feed: Feed, edits: Iterable<TextEdit>, sink: TextSink): void {
  const it = edits[Symbol.iterator]();
  let next = it.next();
  let buffer = '';
  let bufferStart = 0;
  const drain = (final: boolean) => {
    while (!next.done) {
      const e = next.value;
      const bufferEnd = bufferStart + buffer.length;
      if (e.end > bufferEnd && !final) break;
      if (e.start < bufferStart) throw new Error(`edit at ${e.start} is out of order`);
      sink.write(buffer.slice(0, e.start - bufferStart));
      const original = buffer.slice(e.start - bufferStart, e.end - bufferStart);
      sink.write(typeof e.text === 'function' ? e.text(original) : e.text);
      buffer = buffer.slice(e.end - bufferStart);
      bufferStart = e.end;
      next = it.next();
    }
    // Up to the next edit, the text can go now.
    const upTo = !next.done ? Math.min(next.value.start - bufferStart, buffer.length) : buffer.length;
    if (upTo > 0) {
      sink.write(buffer.slice(0, upTo));
      buffer = buffer.slice(upTo);
      bufferStart += upTo;
    }
  };
  feed((text) => {
    buffer += text;
    drain(false);
  });
  drain(true);
  sink.write(buffer);
  sink.end();
}
