/**
 * The command line inflates with Node's zlib (src/cli/compressor.ts): the same bytes as fflate,
 * a read that stops early stops, and whatever zlib cannot inflate is decided by fflate, exactly
 * as without it.
 */
import zlib from 'node:zlib';
import { zipSync } from 'fflate';
import { useNodeCompressor } from '../../src/cli/compressor';
import { ProblemError } from '../../src/core/flag';
import { type Compressor, entryBytes, inflateEntry, readDirectory, useCompressor, type ZipEntry } from '../../src/xlsx/package/zip';

/** A part that deflates to well over the 64 KB zlib inflates first (so both of its calls run). */
function bigPart(): Uint8Array {
  const rows: string[] = [];
  for (let r = 1; r <= 40_000; r++) rows.push(`<row r="${r}"><c r="A${r}"><v>${(r * 7919) % 100_003}</v></c><c r="B${r}" t="s"><v>${r % 977}</v></c></row>`);
  return new TextEncoder().encode(`<sheetData>${rows.join('')}</sheetData>`);
}

const PART = bigPart();
const SMALL = new TextEncoder().encode('<a>整改台账</a>');

function zipOf(files: Record<string, Uint8Array>): { bytes: Uint8Array; entry: (name: string) => ZipEntry } {
  const bytes = zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: 6 }]])));
  const entries = readDirectory(bytes);
  return { bytes, entry: (name) => entries.find((e) => e.name === name)! };
}

function read(bytes: Uint8Array, e: ZipEntry, stopAfter = Infinity): { out: Uint8Array; chunks: number } {
  const parts: Uint8Array[] = [];
  inflateEntry(bytes, e, (chunk) => {
    parts.push(chunk.slice());
    return parts.length < stopAfter;
  });
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return { out, chunks: parts.length };
}

/** What a read gives, or the problem it fails with. */
function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (error) {
    return error instanceof ProblemError ? error.problem : error;
  }
}

afterEach(() => useCompressor(null));

/** Byte arrays compared as buffers (jest's toEqual walks a megabyte array element by element for minutes). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('inflating with Node zlib', () => {
  test('gives the bytes fflate gives, for a small part and for one read in two calls', () => {
    const { bytes, entry } = zipOf({ 'big.xml': PART, 'small.xml': SMALL });
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    useNodeCompressor();
    const zlibCalls = jest.spyOn(zlib, 'inflateRawSync');
    expect(same(read(bytes, entry('big.xml')).out, PART)).toBe(true);
    expect(same(entryBytes(bytes, entry('small.xml')), SMALL)).toBe(true);
    // zlib did it (the start of the big part, the whole of it, the small part), not fflate.
    expect(zlibCalls).toHaveBeenCalledTimes(3);
    zlibCalls.mockRestore();
  });

  test('a read that stops after its first piece gets one piece and no error', () => {
    const { bytes, entry } = zipOf({ 'big.xml': PART });
    useNodeCompressor();
    const { out, chunks } = read(bytes, entry('big.xml'), 1);
    expect(chunks).toBe(1);
    expect(same(out, PART.subarray(0, out.length))).toBe(true);
    expect(out.length).toBeLessThan(PART.length);
  });

  test('a damaged part and a consumer that throw fail as they do with fflate alone; a part longer than it says is read whole by both', () => {
    const { bytes, entry } = zipOf({ 'big.xml': PART });
    const e = entry('big.xml');
    const damaged = bytes.slice();
    // Bytes in the second half of the stored data: the first 64 KB inflate, the whole does not.
    const start = e.offset + 30 + (bytes[e.offset + 26] | (bytes[e.offset + 27] << 8));
    damaged.fill(0xff, start + Math.floor(e.compressedSize * 0.7), start + Math.floor(e.compressedSize * 0.7) + 64);
    const cases = [
      () => read(damaged, e),
      () => read(bytes, { ...e, size: PART.length - 1 }),
      () =>
        inflateEntry(bytes, e, () => {
          throw new Error('reader');
        }),
    ];
    // A read's bytes as a verdict (jest's diff of a 3 MB array takes minutes): whole, or not.
    const verdict = (o: unknown) => (o && typeof o === 'object' && 'out' in o ? { whole: same((o as { out: Uint8Array }).out, PART) } : o);
    const alone = cases.map(outcome).map(verdict);
    useNodeCompressor();
    expect(cases.map(outcome).map(verdict)).toEqual(alone);
    // A size that lies is read by what the part holds, as Excel and LibreOffice read it (issue 23).
    expect(alone.slice(0, 2)).toEqual([{ kind: 'notXlsx' }, { whole: true }]);
  });

  test('when zlib fails after giving the start, fflate goes on from there: no byte given twice', () => {
    const { bytes, entry } = zipOf({ 'big.xml': PART });
    const failing: Compressor = {
      deflateRaw: (data) => zlib.deflateRawSync(data),
      crc32: (data, crc) => zlib.crc32(data, crc),
      inflateRaw: (data, maxBytes, partial) => {
        if (!partial) throw new Error('zlib gave up');
        return zlib.inflateRawSync(data, { maxOutputLength: maxBytes, finishFlush: zlib.constants.Z_SYNC_FLUSH });
      },
    };
    useCompressor(failing);
    expect(same(read(bytes, entry('big.xml')).out, PART)).toBe(true);
  });
});
