/** The command line inflates and deflates with Node's own zlib (several times faster than fflate), where Node has crc32. */
import zlib from 'node:zlib';
import { useCompressor } from '../xlsx/package/zip';

export function useNodeCompressor(): void {
  if (typeof zlib.crc32 !== 'function') return;
  useCompressor({
    // A piece that is not the last ends with a sync flush, so that the pieces concatenate.
    deflateRaw: (data, last) => zlib.deflateRawSync(data, { level: 4, ...(last ? {} : { finishFlush: zlib.constants.Z_SYNC_FLUSH }) }),
    crc32: (data, crc) => zlib.crc32(data, crc),
    // Z_SYNC_FLUSH as the finishing flush: the start of a stream inflates without an error.
    inflateRaw: (data, maxBytes, partial) =>
      zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes), ...(partial ? { finishFlush: zlib.constants.Z_SYNC_FLUSH } : {}) }),
  });
}
