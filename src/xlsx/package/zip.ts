/**
 * The zip container of an .xlsx, read from its central directory (zip64 included) and written with
 * fflate's streaming Zip. A part that is not changed is copied as its original compressed bytes:
 * never inflated, never deflated again, so it stays byte for byte what it was and costs nothing.
 * Sizes come from the central directory before anything is inflated, and inflating stops at the
 * declared size, so a zip bomb is refused instead of filling memory.
 */
import { Deflate, Inflate, Zip, type ZipInputFile } from 'fflate';
import { ProblemError } from '../../core/flag/messages';
import { fail, LIMITS } from './limits';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
  dosTime: number;
  dosDate: number;
  externalAttrs: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 0x1_0000_0000;

const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

function findEndOfDirectory(bytes: Uint8Array): number {
  // The record is 22 bytes, followed by a comment of at most 65,535 bytes.
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(bytes, at) === EOCD) return at;
  }
  return -1;
}

/** The entries, in the order the central directory lists them. */
export function readDirectory(bytes: Uint8Array): ZipEntry[] {
  const eocd = findEndOfDirectory(bytes);
  if (eocd < 0) fail({ kind: 'notXlsx' });
  let count = u16(bytes, eocd + 10);
  let dirOffset = u32(bytes, eocd + 16);
  if ((count === 0xffff || dirOffset === MAX32) && eocd >= 20 && u32(bytes, eocd - 20) === EOCD64_LOCATOR) {
    const at = u64(bytes, eocd - 12);
    if (at + 56 > bytes.length || u32(bytes, at) !== EOCD64) fail({ kind: 'notXlsx' });
    count = u64(bytes, at + 32);
    dirOffset = u64(bytes, at + 48);
  }
  if (count > LIMITS.entries) fail({ kind: 'limit', what: 'entries', limit: LIMITS.entries });
  const entries: ZipEntry[] = [];
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== CENTRAL) fail({ kind: 'notXlsx' });
    const flags = u16(bytes, at + 8);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
    const entry: ZipEntry = {
      // Bit 11: the name is UTF-8; without it, part names are ASCII in practice.
      name: (flags & 0x800 ? utf8 : latin1).decode(rawName),
      method: u16(bytes, at + 10),
      flags,
      crc: u32(bytes, at + 16),
      compressedSize: u32(bytes, at + 20),
      size: u32(bytes, at + 24),
      offset: u32(bytes, at + 42),
      dosTime: u16(bytes, at + 12),
      dosDate: u16(bytes, at + 14),
      externalAttrs: u32(bytes, at + 38),
    };
    readZip64Extra(bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Sizes and offset too large for 32 bits stand in the zip64 extra field, in this order. */
function readZip64Extra(extra: Uint8Array, e: ZipEntry): void {
  for (let at = 0; at + 4 <= extra.length;) {
    const id = u16(extra, at);
    const length = u16(extra, at + 2);
    if (id === 0x0001) {
      let p = at + 4;
      if (e.size === MAX32) {
        e.size = u64(extra, p);
        p += 8;
      }
      if (e.compressedSize === MAX32) {
        e.compressedSize = u64(extra, p);
        p += 8;
      }
      if (e.offset === MAX32) e.offset = u64(extra, p);
      return;
    }
    at += 4 + length;
  }
}

/** The entry's stored bytes (compressed, as in the file). */
export function rawData(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  if (e.offset + 30 > bytes.length || u32(bytes, e.offset) !== LOCAL) fail({ kind: 'notXlsx' });
  const start = e.offset + 30 + u16(bytes, e.offset + 26) + u16(bytes, e.offset + 28);
  if (start + e.compressedSize > bytes.length) fail({ kind: 'notXlsx' });
  return bytes.subarray(start, start + e.compressedSize);
}

function checkReadable(e: ZipEntry, limit: number): void {
  if (e.flags & 1) fail({ kind: 'encrypted' });
  if (e.method !== 0 && e.method !== 8) fail({ kind: 'notXlsx' });
  if (e.size > limit) fail({ kind: 'limit', what: 'part', part: e.name, limit });
  // A part that inflates hundreds of times over is a zip bomb, whatever it claims to be.
  if (e.size > LIMITS.bombFloor && e.size > e.compressedSize * LIMITS.bombRatio) fail({ kind: 'limit', what: 'ratio', part: e.name });
}

const CHUNK = 256 * 1024;
/** Compressed bytes inflated at a time: a read that stops early inflates little more than it reads. */
const INFLATE_PUSH = 32 * 1024;
const DECODE_PIECE = 64 * 1024;
/** Parts up to this size may be inflated whole by the platform (it cannot stop midway, nor stream). */
const NATIVE_INFLATE_BYTES = 16 * 1024 * 1024;
/** Compressed bytes the platform inflates first, for a read that stops at a sheet's top rows. */
const NATIVE_PREFIX = 64 * 1024;
/** Deflate level of rewritten parts: half the time of level 6 for a tenth more bytes. */
const LEVEL = 4;

/**
 * Inflates an entry chunk by chunk; `onChunk` returns false to stop early (a sheet read only to
 * its top rows). Never yields more than the declared size.
 */
export function inflateEntry(bytes: Uint8Array, e: ZipEntry, onChunk: (chunk: Uint8Array) => boolean | void, limit = LIMITS.partBytes): void {
  checkReadable(e, limit);
  const raw = rawData(bytes, e);
  if (e.method === 0) {
    for (let at = 0; at < raw.length; at += CHUNK) if (onChunk(raw.subarray(at, Math.min(at + CHUNK, raw.length))) === false) return;
    return;
  }
  let total = 0;
  let stopped = false;
  // An error of the reader's own (a limit, a bug) is not a damaged file: it is kept and rethrown.
  let consumerError: unknown = null;
  const output = (chunk: Uint8Array) => {
    if (stopped) return;
    total += chunk.length;
    if (total > e.size) fail({ kind: 'notXlsx' });
    try {
      if (onChunk(chunk) === false) stopped = true;
    } catch (error) {
      consumerError = error;
      stopped = true;
    }
  };
  // The platform's inflate, where there is one; what it cannot inflate is left to fflate, which
  // decides (a damaged part, a size that lies), after the output already given.
  const given = compressor?.inflateRaw && e.size <= NATIVE_INFLATE_BYTES ? inflateNatively(raw, e.size, compressor.inflateRaw, output, () => stopped) : 0;
  if (given === true || stopped) {
    if (consumerError) throw consumerError;
    return;
  }
  const inflate = new Inflate(given ? skipFirst(given, output) : output);
  for (let at = 0; at < raw.length && !stopped; at += INFLATE_PUSH) {
    const end = Math.min(at + INFLATE_PUSH, raw.length);
    try {
      inflate.push(raw.subarray(at, end), end === raw.length);
    } catch (error) {
      if (error instanceof ProblemError) throw error;
      fail({ kind: 'notXlsx' });
    }
  }
  if (consumerError) throw consumerError;
}

/**
 * Inflates with the platform's one-shot inflate (Node's zlib, several times faster than fflate's,
 * most of all in a process that has just started): first the start of the stream, for a read that
 * stops at a sheet's top rows, then the whole. Gives the output in CHUNK pieces. Returns true when
 * the whole part was given, else how many bytes were given before the platform failed (fflate goes
 * on from there, and decides).
 */
function inflateNatively(
  raw: Uint8Array,
  size: number,
  inflateRaw: NonNullable<Compressor['inflateRaw']>,
  output: (chunk: Uint8Array) => void,
  stopped: () => boolean,
): true | number {
  let given = 0;
  const give = (out: Uint8Array) => {
    for (let at = given; at < out.length && !stopped(); at += CHUNK) output(out.subarray(at, Math.min(at + CHUNK, out.length)));
    given = out.length;
  };
  let out: Uint8Array;
  if (raw.length > NATIVE_PREFIX) {
    try {
      out = inflateRaw(raw.subarray(0, NATIVE_PREFIX), size, true);
    } catch {
      return given;
    }
    give(out);
    if (stopped()) return true;
  }
  try {
    out = inflateRaw(raw, size, false);
  } catch {
    return given;
  }
  if (out.length < given) return given;
  give(out);
  return true;
}

/** An output callback that drops the first `skip` bytes (already given by the platform's inflate). */
function skipFirst(skip: number, output: (chunk: Uint8Array) => void): (chunk: Uint8Array) => void {
  return (chunk) => {
    if (skip >= chunk.length) {
      skip -= chunk.length;
      return;
    }
    output(skip ? chunk.subarray(skip) : chunk);
    skip = 0;
  };
}

/** A whole entry's bytes (small parts: workbook, relationships, styles, shared strings). */
export function entryBytes(bytes: Uint8Array, e: ZipEntry, limit = LIMITS.partBytes): Uint8Array {
  const out = new Uint8Array(e.size);
  let at = 0;
  inflateEntry(
    bytes,
    e,
    (chunk) => {
      out.set(chunk, at);
      at += chunk.length;
    },
    limit,
  );
  return at === out.length ? out : out.subarray(0, at);
}

/** Decodes an entry as text, chunk by chunk: UTF-8 split across chunks is put back together. */
export function inflateText(bytes: Uint8Array, e: ZipEntry, onText: (text: string) => boolean | void, limit = LIMITS.partBytes): void {
  const decoder = new TextDecoder('utf-8');
  let first = true;
  let stopped = false;
  inflateEntry(
    bytes,
    e,
    (chunk) => {
      // Decoded in pieces: TextDecoder is several times slower on a few-megabyte chunk.
      for (let at = 0; at < chunk.length; at += DECODE_PIECE) {
        let text = decoder.decode(chunk.subarray(at, Math.min(at + DECODE_PIECE, chunk.length)), { stream: true });
        // A byte-order mark is not part of the XML.
        if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
        if (text && onText(text) === false) {
          stopped = true;
          return false;
        }
      }
    },
    limit,
  );
  if (!stopped) {
    const rest = decoder.decode();
    if (rest) onText(rest);
  }
}

export function entryText(bytes: Uint8Array, e: ZipEntry, limit = LIMITS.partBytes): string {
  const parts: string[] = [];
  inflateText(bytes, e, (t) => void parts.push(t), limit);
  return parts.join('');
}

function dosDateTime(e: ZipEntry): Date {
  const d = e.dosDate;
  const t = e.dosTime;
  return new Date(1980 + (d >> 9), ((d >> 5) & 15) - 1, d & 31, t >> 11, (t >> 5) & 63, (t & 31) * 2);
}

/** Text written out as UTF-8 in pieces, so that a big part never stands in memory whole. */
export interface TextSink {
  write(text: string): void;
  end(): void;
}

/**
 * A platform's own deflate, where it has one (Node's zlib is several times faster than deflate in
 * JavaScript): raw deflate of one piece of a part, sync-flushed unless it is the last, so that the
 * pieces' outputs concatenate into one deflate stream (each piece starts with an empty window,
 * which costs a little compression and nothing else). Without one, fflate deflates.
 */
export interface Compressor {
  deflateRaw(data: Uint8Array, last: boolean): Uint8Array;
  crc32(data: Uint8Array, crc?: number): number;
  /**
   * Raw inflate in one call, of at most `maxBytes` (more throws). With `partial`, the data is the
   * start of a stream: what it inflates to so far. Throws on damaged data.
   */
  inflateRaw?(data: Uint8Array, maxBytes: number, partial: boolean): Uint8Array;
}

let compressor: Compressor | null = null;

export function useCompressor(c: Compressor | null): void {
  compressor = c;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 as zip stores it (fflate computes it internally but does not export it). */
export function crc32(data: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** A part compressed and ready to go into the zip as it is. */
export interface CompressedPart {
  name: string;
  size: number;
  crc: number;
  data: Uint8Array[];
}

/** Bytes collected before a piece is deflated by the platform's compressor. */
const PIECE_BYTES = 1024 * 1024;

/**
 * Compresses a part written as text in pieces. A piece may end in the first half of a surrogate
 * pair (a 生僻字 such as 𨭎, or an emoji); it is held back until its second half comes, so it is
 * never encoded alone (which would turn both halves into U+FFFD).
 */
export function compressText(name: string, write: (sink: TextSink) => void): CompressedPart {
  const part: CompressedPart = { name, size: 0, crc: 0, data: [] };
  const native = compressor;
  const deflate = native ? null : new Deflate({ level: LEVEL }, (chunk) => void part.data.push(chunk));
  const encoder = new TextEncoder();
  // Text is encoded straight into one buffer, deflated whenever it fills.
  let buffer = new Uint8Array(PIECE_BYTES);
  let used = 0;
  let held = '';
  const push = (last: boolean) => {
    const data = buffer.subarray(0, used);
    part.size += used;
    if (native) {
      part.crc = native.crc32(data, part.crc);
      part.data.push(native.deflateRaw(data, last));
    } else {
      part.crc = crc32(data, part.crc);
      // fflate keeps what it is given until it has compressed it: it gets its own copy.
      deflate!.push(data.slice(), last);
    }
    used = 0;
  };
  const put = (text: string) => {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (text.length * 3 > buffer.length - used) {
      if (used) push(false);
      if (text.length * 3 > buffer.length) buffer = new Uint8Array(text.length * 3);
    }
    used += encoder.encodeInto(text, buffer.subarray(used)).written;
  };
  write({
    write(text: string) {
      if (!text) return;
      if (held) {
        text = held + text;
        held = '';
      }
      const code = text.charCodeAt(text.length - 1);
      if (code >= 0xd800 && code <= 0xdbff) {
        held = text.slice(-1);
        text = text.slice(0, -1);
      }
      put(text);
    },
    end() {
      if (held) put(held);
      push(true);
    },
  });
  return part;
}

/** A new zip, written as the package is saved: copied entries first come out as they were. */
export class ZipBuilder {
  private readonly chunks: Uint8Array[] = [];
  private readonly zip: Zip;
  private failure: unknown = null;

  constructor() {
    this.zip = new Zip((error, chunk) => {
      if (error) this.failure = error;
      else if (chunk) this.chunks.push(chunk);
    });
  }

  private raw(name: string, size: number, crc: number, method: number, data: Uint8Array[], mtime?: Date, attrs?: number): void {
    const file: ZipInputFile = { filename: name, size, crc, compression: method, ...(mtime ? { mtime } : {}), ...(attrs !== undefined ? { attrs } : {}) };
    this.zip.add(file);
    if (!data.length) file.ondata!(null, new Uint8Array(0), true);
    data.forEach((d, i) => file.ondata!(null, d as Uint8Array<ArrayBuffer>, i === data.length - 1));
  }

  /** An entry of the original package, unchanged: its compressed bytes as they are. */
  copy(source: Uint8Array, e: ZipEntry): void {
    this.raw(e.name, e.size, e.crc, e.method, [rawData(source, e)], dosDateTime(e), e.externalAttrs);
  }

  compressed(part: CompressedPart): void {
    this.raw(part.name, part.size, part.crc, 8, part.data);
  }

  text(name: string, text: string): void {
    this.compressed(
      compressText(name, (sink) => {
        sink.write(text);
        sink.end();
      }),
    );
  }

  /** The zip in the pieces it was written in: joining them would hold the file twice at the end. */
  finish(): Uint8Array[] {
    this.zip.end();
    if (this.failure) throw this.failure;
    return this.chunks;
  }
}

export function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  let length = 0;
  for (const c of chunks) length += c.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** What an action on a file gives back: the file in pieces, and joined on demand. */
export interface FileOutput {
  /** The new file, in the pieces it was written in (write them in order). */
  chunks: Uint8Array[];
  /** The same file as one array, joined on first use. */
  readonly bytes: Uint8Array;
}

export function withFile<T extends object>(base: T, chunks: Uint8Array[]): T & FileOutput {
  let joined: Uint8Array | null = null;
  return Object.defineProperties(base, {
    chunks: { value: chunks, enumerable: true },
    bytes: { get: () => (joined ??= concat(chunks)), enumerable: false },
  }) as T & FileOutput;
}
