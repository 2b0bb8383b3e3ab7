/**
 * The zip container of an .xlsx, read from its central directory (zip64 included) and written
 * anew. A part that is not changed is copied as its original compressed bytes under its original
 * name bytes, time and attributes: never inflated, never deflated again, so it stays byte for byte
 * what it was and costs nothing.
 *
 * Reading is as lenient as Excel and LibreOffice where they agree (a size the directory misstates,
 * a count that says fewer entries than the directory lists, any timestamp), and strict where
 * readers would disagree about what the file holds: a name listed twice, or two entries sharing
 * their bytes, is refused. Inflating is bounded by what is actually inflated, not by what the
 * directory claims, so a zip bomb is refused instead of filling memory.
 */
import { Deflate, Inflate } from 'fflate';
import { ProblemError } from '../../core/flag/messages';
import { fail, type InflateBudget, LIMITS } from './limits';

export interface ZipEntry {
  name: string;
  /** The name as stored (copied as it is: a name in a legacy code page stays that name). */
  rawName: Uint8Array;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
  dosTime: number;
  dosDate: number;
  madeBy: number;
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

/**
 * The entries, in the order the central directory lists them. Every record the directory holds is
 * read, whatever count its end record gives (readers that walk the directory see them all); a
 * directory holding fewer than its count is cut short, and refused.
 */
export function readDirectory(bytes: Uint8Array): ZipEntry[] {
  const eocd = findEndOfDirectory(bytes);
  if (eocd < 0) fail({ kind: 'notXlsx' });
  let count = u16(bytes, eocd + 10);
  let dirOffset = u32(bytes, eocd + 16);
  if ((count === 0xffff || dirOffset === MAX32 || u32(bytes, eocd + 12) === MAX32) && eocd >= 20 && u32(bytes, eocd - 20) === EOCD64_LOCATOR) {
    const at = u64(bytes, eocd - 12);
    if (at + 56 > bytes.length || u32(bytes, at) !== EOCD64) fail({ kind: 'notXlsx' });
    count = u64(bytes, at + 32);
    dirOffset = u64(bytes, at + 48);
  }
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let at = dirOffset;
  while (at + 46 <= bytes.length && u32(bytes, at) === CENTRAL) {
    if (entries.length >= LIMITS.entries) fail({ kind: 'limit', what: 'entries', limit: LIMITS.entries });
    const flags = u16(bytes, at + 8);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
    const entry: ZipEntry = {
      // Bit 11: the name is UTF-8; without it, part names are ASCII in practice.
      name: (flags & 0x800 ? utf8 : latin1).decode(rawName),
      rawName,
      method: u16(bytes, at + 10),
      flags,
      crc: u32(bytes, at + 16),
      compressedSize: u32(bytes, at + 20),
      size: u32(bytes, at + 24),
      offset: u32(bytes, at + 42),
      dosTime: u16(bytes, at + 12),
      dosDate: u16(bytes, at + 14),
      madeBy: u16(bytes, at + 4),
      externalAttrs: u32(bytes, at + 38),
    };
    readZip64Extra(bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry);
    if (names.has(entry.name)) fail({ kind: 'badZip', reason: 'duplicate', part: entry.name });
    names.add(entry.name);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (entries.length < count) fail({ kind: 'notXlsx' });
  checkOverlaps(bytes, entries);
  return entries;
}

/** Each entry's bytes (local header and data) stand apart from every other's. */
function checkOverlaps(bytes: Uint8Array, entries: ZipEntry[]): void {
  const spans = entries.map((e) => ({ e, start: e.offset, end: dataStart(bytes, e) + e.compressedSize })).sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) if (spans[i].start < spans[i - 1].end) fail({ kind: 'badZip', reason: 'overlap', part: spans[i].e.name });
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

function dataStart(bytes: Uint8Array, e: ZipEntry): number {
  if (e.offset + 30 > bytes.length || u32(bytes, e.offset) !== LOCAL) fail({ kind: 'notXlsx' });
  const start = e.offset + 30 + u16(bytes, e.offset + 26) + u16(bytes, e.offset + 28);
  if (start + e.compressedSize > bytes.length) fail({ kind: 'notXlsx' });
  return start;
}

/** The entry's stored bytes (compressed, as in the file). */
export function rawData(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  const start = dataStart(bytes, e);
  return bytes.subarray(start, start + e.compressedSize);
}

function checkReadable(e: ZipEntry, limit: number): void {
  if (e.flags & 1) fail({ kind: 'encrypted' });
  if (e.method !== 0 && e.method !== 8) fail({ kind: 'notXlsx' });
  if (e.size > limit) fail({ kind: 'limit', what: 'part', part: e.name, limit });
  // A part that claims to inflate a thousand times over is a zip bomb, whatever it claims to be.
  if (isBomb(e.size, e)) fail({ kind: 'limit', what: 'ratio', part: e.name });
}

function isBomb(size: number, e: ZipEntry): boolean {
  return size > LIMITS.bombFloor && size > e.compressedSize * LIMITS.bombRatio;
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
 * its top rows). What comes out is counted as it comes: past `limit`, past the bomb ratio, past
 * the action's `budget`, it stops, whatever size the directory gave (which may be wrong: Excel
 * and LibreOffice read such an entry, and so does this).
 */
export function inflateEntry(
  bytes: Uint8Array,
  e: ZipEntry,
  onChunk: (chunk: Uint8Array) => boolean | void,
  limit = LIMITS.partBytes,
  budget?: InflateBudget,
): void {
  checkReadable(e, limit);
  const raw = rawData(bytes, e);
  let total = 0;
  const count = (n: number) => {
    total += n;
    if (total > limit) fail({ kind: 'limit', what: 'part', part: e.name, limit });
    if (isBomb(total, e)) fail({ kind: 'limit', what: 'ratio', part: e.name });
    budget?.spend(e.name, total);
  };
  if (e.method === 0) {
    for (let at = 0; at < raw.length; at += CHUNK) {
      const chunk = raw.subarray(at, Math.min(at + CHUNK, raw.length));
      count(chunk.length);
      if (onChunk(chunk) === false) return;
    }
    return;
  }
  let stopped = false;
  // An error of the reader's own (a limit, a bug) is not a damaged file: it is kept and rethrown.
  let consumerError: unknown = null;
  const output = (chunk: Uint8Array) => {
    if (stopped) return;
    count(chunk.length);
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
export function entryBytes(bytes: Uint8Array, e: ZipEntry, limit = LIMITS.partBytes, budget?: InflateBudget): Uint8Array {
  const chunks: Uint8Array[] = [];
  inflateEntry(bytes, e, (chunk) => void chunks.push(chunk.slice()), limit, budget);
  return concat(chunks);
}

type Decoder = InstanceType<typeof TextDecoder>;

/** Bytes enough to tell a part's encoding: a byte-order mark, or the XML declaration. */
const SNIFF_BYTES = 256;

/**
 * The encoding a part is written in, as an XML parser tells it: a byte-order mark; UTF-16 without
 * one, from how `<?` is written; else the declaration's encoding, where it is one TextDecoder
 * reads and the bytes are ASCII-compatible (a declaration saying UTF-16 over single bytes is wrong);
 * else UTF-8.
 */
export function sniffEncoding(b: Uint8Array): string {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  if (b[0] === 0x3c && b[1] === 0 && b[2] === 0x3f && b[3] === 0) return 'utf-16le';
  if (b[0] === 0 && b[1] === 0x3c && b[2] === 0 && b[3] === 0x3f) return 'utf-16be';
  const declared = /^<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/.exec(latin1.decode(b.subarray(0, SNIFF_BYTES)))?.[1];
  if (declared) {
    try {
      const encoding = new TextDecoder(declared).encoding;
      if (!encoding.startsWith('utf-16')) return encoding;
    } catch {
      // An encoding the platform does not know: read as UTF-8, as it most likely is.
    }
  }
  return 'utf-8';
}

/**
 * Decodes an entry as text, chunk by chunk, in the encoding the part says (UTF-8, UTF-16, GB2312 …):
 * a character split across chunks is put back together, a byte-order mark dropped. Returns the
 * encoding read, so that a part written back as UTF-8 can say so.
 */
export function inflateText(
  bytes: Uint8Array,
  e: ZipEntry,
  onText: (text: string) => boolean | void,
  limit = LIMITS.partBytes,
  budget?: InflateBudget,
): string {
  let decoder: Decoder | null = null;
  let head: Uint8Array | null = new Uint8Array(0);
  let stopped = false;
  const decode = (chunk: Uint8Array): boolean => {
    // Decoded in pieces: TextDecoder is several times slower on a few-megabyte chunk.
    for (let at = 0; at < chunk.length; at += DECODE_PIECE) {
      const text = decoder!.decode(chunk.subarray(at, Math.min(at + DECODE_PIECE, chunk.length)), { stream: true });
      if (text && onText(text) === false) {
        stopped = true;
        return false;
      }
    }
    return true;
  };
  const start = (bytesSoFar: Uint8Array) => {
    decoder = new TextDecoder(sniffEncoding(bytesSoFar));
    head = null;
    return decode(bytesSoFar);
  };
  inflateEntry(
    bytes,
    e,
    (chunk) => {
      if (!head) return decode(chunk);
      const joined = head.length ? concat([head, chunk]) : chunk;
      if (joined.length < SNIFF_BYTES) {
        head = joined.slice();
        return;
      }
      return start(joined);
    },
    limit,
    budget,
  );
  if (head) start(head);
  if (!stopped) {
    const rest = decoder!.decode();
    if (rest) onText(rest);
  }
  return (decoder as Decoder | null)?.encoding ?? 'utf-8';
}

export function entryText(bytes: Uint8Array, e: ZipEntry, limit = LIMITS.partBytes, budget?: InflateBudget): string {
  const parts: string[] = [];
  inflateText(bytes, e, (t) => void parts.push(t), limit, budget);
  return parts.join('');
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

/** Now as a DOS date and time (what a zip stores), within the years it can hold. */
function dosNow(): { time: number; date: number } {
  const d = new Date();
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

const encoder = new TextEncoder();

/**
 * A new zip, written as the package is saved. A copied entry keeps its stored bytes, its name's
 * bytes, its time (whatever year it says: a zip may carry 1979 or 2107, and other readers take
 * it) and its attributes; only its headers are written anew, without data descriptors.
 */
export class ZipBuilder {
  private readonly chunks: Uint8Array[] = [];
  private readonly directory: Uint8Array[] = [];
  private readonly names = new Set<string>();
  private offset = 0;
  private readonly now = dosNow();

  private entry(
    name: Uint8Array,
    flags: number,
    method: number,
    time: { time: number; date: number },
    crc: number,
    size: number,
    data: Uint8Array[],
    madeBy: number,
    externalAttrs: number,
  ): void {
    const key = latin1.decode(name);
    if (this.names.has(key)) throw new Error(`zip entry written twice: ${key}`);
    this.names.add(key);
    let compressedSize = 0;
    for (const d of data) compressedSize += d.length;
    // Within the package limits no entry, offset or count needs zip64.
    if (size > MAX32 || compressedSize > MAX32 || this.offset > MAX32) throw new Error('zip too large to write without zip64');
    const local = new Uint8Array(30 + name.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, LOCAL, true);
    l.setUint16(4, 20, true);
    l.setUint16(6, flags & ~0x8, true);
    l.setUint16(8, method, true);
    l.setUint16(10, time.time, true);
    l.setUint16(12, time.date, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, compressedSize, true);
    l.setUint32(22, size, true);
    l.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, CENTRAL, true);
    c.setUint16(4, madeBy, true);
    central.set(local.subarray(4, 26), 6);
    c.setUint16(28, name.length, true);
    c.setUint32(38, externalAttrs, true);
    c.setUint32(42, this.offset, true);
    central.set(name, 46);
    this.chunks.push(local, ...data);
    this.directory.push(central);
    this.offset += local.length + compressedSize;
  }

  /** An entry of the original package, unchanged: its compressed bytes as they are. */
  copy(source: Uint8Array, e: ZipEntry): void {
    this.entry(e.rawName, e.flags, e.method, { time: e.dosTime, date: e.dosDate }, e.crc, e.size, [rawData(source, e)], e.madeBy, e.externalAttrs);
  }

  compressed(part: CompressedPart): void {
    const name = encoder.encode(part.name);
    // Bit 11: the name is UTF-8 (it only matters when it is not ASCII).
    const flags = name.length !== part.name.length ? 0x800 : 0;
    this.entry(name, flags, 8, this.now, part.crc, part.size, part.data, 20, 0);
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
    let size = 0;
    for (const d of this.directory) size += d.length;
    const end = new Uint8Array(22);
    const v = new DataView(end.buffer);
    v.setUint32(0, EOCD, true);
    v.setUint16(8, this.directory.length, true);
    v.setUint16(10, this.directory.length, true);
    v.setUint32(12, size, true);
    v.setUint32(16, this.offset, true);
    this.chunks.push(...this.directory, end);
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
