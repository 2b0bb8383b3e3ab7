/**
 * Word documents built in the tests with the XML Word writes: numbered paragraphs (w:numPr) with
 * numbering.xml levels, tab stops, runs split mid-word, tables with merged and nested cells.
 */
import { strToU8, zipSync } from 'fflate';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

export interface Level {
  format: string;
  text: string;
  start?: number;
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A paragraph; `num` numbers it with list `id` at level `level`. Runs split at '|' in the text. */
export function para(text: string, num?: { id: number; level?: number }): string {
  const numPr = num ? `<w:numPr><w:ilvl w:val="${num.level ?? 0}"/><w:numId w:val="${num.id}"/></w:numPr>` : '';
  const tabs = '<w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs>';
  const runs = text
    .split('|')
    .map((t) => `<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">${esc(t)}</w:t></w:r>`)
    .join('');
  return `<w:p><w:pPr>${tabs}${numPr}</w:pPr>${runs}</w:p>`;
}

/** A table; a cell given as string[] holds one paragraph per entry, `null` continues a vertical merge. */
export function table(rows: (string | string[] | null)[][]): string {
  const cell = (c: string | string[] | null) =>
    c === null ? '<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>' : `<w:tc>${(Array.isArray(c) ? c : [c]).map((t) => para(t)).join('')}</w:tc>`;
  return `<w:tbl><w:tblPr/>${rows.map((r) => `<w:tr>${r.map(cell).join('')}</w:tr>`).join('')}</w:tbl>`;
}

export function docx(body: string[], lists: Record<number, Level[]> = {}): Uint8Array {
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W}"><w:body>${body.join('')}<w:sectPr/></w:body></w:document>`;
  const abstracts = Object.entries(lists)
    .map(
      ([id, levels]) =>
        `<w:abstractNum w:abstractNumId="${id}">${levels
          .map((l, i) => `<w:lvl w:ilvl="${i}"><w:start w:val="${l.start ?? 1}"/><w:numFmt w:val="${l.format}"/><w:lvlText w:val="${esc(l.text)}"/></w:lvl>`)
          .join('')}</w:abstractNum>`,
    )
    .join('');
  const nums = Object.keys(lists)
    .map((id) => `<w:num w:numId="${id}"><w:abstractNumId w:val="${id}"/></w:num>`)
    .join('');
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(document),
  };
  if (abstracts) files['word/numbering.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="${W}">${abstracts}${nums}</w:numbering>`);
  return zipSync(files);
}
