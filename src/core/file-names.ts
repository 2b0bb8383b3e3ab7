/**
 * Files as a user gives them to an action on a workbook (the command line, the browser pane): what
 * the result is called, and what a file is when it is not a workbook we read, from its bytes (a
 * name can lie: a .xls renamed .xlsx, a Word document saved with the wrong extension).
 */

/** Names of what an action writes beside its input: 台账-flagged.xlsx, 台账-status.xlsx, 台账-merged.xlsx. */
export type OutputSuffix = 'flagged' | 'status' | 'merged';

/**
 * The name of an action's result: the input's name with `-suffix`, an .xlsx (or .xlsm) kept as it
 * is, any other extension made .xlsx. A name that ends with the suffix already (a result flagged
 * again; the copy a browser saved as 台账-flagged (1).xlsx) keeps one suffix: 台账-flagged.xlsx.
 */
export function outputFileName(input: string, suffix: OutputSuffix): string {
  const ext = /\.xls[xm]$/i.exec(input)?.[0] ?? '.xlsx';
  const base = input.replace(/\.[^./\\]*$/, '');
  const stem = base.replace(new RegExp(`-${suffix}(?: ?\\(\\d+\\))?$`, 'i'), '');
  return `${stem}-${suffix}${ext}`;
}

/**
 * What a file is, from its bytes: a workbook we read (an Office Open XML package with a workbook
 * part), another spreadsheet format to be saved as .xlsx first, or something that is no workbook.
 * `encrypted`: an OLE file holding an encrypted package (an .xlsx with an open password).
 */
export type FileKind = 'xlsx' | 'xls' | 'xlsb' | 'ods' | 'encrypted' | 'word' | 'pdf' | 'zip' | 'text' | 'unknown';

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** Whether the bytes hold this ASCII text (a zip's part names, an OLE stream's name in UTF-16). */
function holds(bytes: Uint8Array, text: string, utf16 = false): boolean {
  const pattern = utf16 ? [...text].flatMap((ch) => [ch.charCodeAt(0), 0]) : [...text].map((ch) => ch.charCodeAt(0));
  const first = pattern[0];
  for (let i = bytes.indexOf(first); i >= 0 && i <= bytes.length - pattern.length; i = bytes.indexOf(first, i + 1)) {
    let j = 1;
    while (j < pattern.length && bytes[i + j] === pattern[j]) j++;
    if (j === pattern.length) return true;
  }
  return false;
}

export function fileKind(bytes: Uint8Array): FileKind {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    if (holds(bytes, 'xl/workbook.xml')) return 'xlsx';
    if (holds(bytes, 'xl/workbook.bin')) return 'xlsb';
    if (holds(bytes, 'word/document.xml') || holds(bytes, 'opendocument.text')) return 'word';
    if (holds(bytes, 'opendocument.spreadsheet')) return 'ods';
    // A package whose workbook part has another name: the package reader decides.
    return holds(bytes, '[Content_Types].xml') ? 'xlsx' : 'zip';
  }
  if (startsWith(bytes, OLE)) {
    // The streams an OLE file holds are named in UTF-16: a Word document, an old workbook (BIFF8's
    // Workbook, BIFF5's Book); else an encrypted package, or what the package reader says of it.
    if (holds(bytes, 'EncryptionInfo', true)) return 'encrypted';
    if (holds(bytes, 'WordDocument', true)) return 'word';
    if (holds(bytes, 'Workbook', true) || holds(bytes, 'Book', true)) return 'xls';
    return 'encrypted';
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'pdf';
  // Text: no NUL among the first bytes (UTF-16 text has them, with a byte-order mark first).
  const head = bytes.subarray(0, 4096);
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]) || !head.includes(0)) return 'text';
  return 'unknown';
}
