/** What a chosen plan file is, from its first bytes (cheap: the pane checks before loading the .docx reader). */
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** An old Word or WPS document (.doc, .wps): an OLE2 compound file. */
export function isOldWord(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && OLE2.every((b, i) => bytes[i] === b);
}

/** A zip package, as a .docx is. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;
}

/** Text as offices save it: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030. */
export function decodePlanText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}
