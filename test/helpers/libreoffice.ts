/**
 * Recalculates .xlsx files in LibreOffice (headless) and returns the converted copies, whose
 * cached values are what LibreOffice computed. A throwaway profile tells it to recalculate
 * OOXML formulas on load; without that it would keep whatever cached values a file carries.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RECALC_PROFILE = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

export function sofficePath(): string {
  for (const candidate of ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice']) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('LibreOffice (soffice) is not installed: run `bash scripts/ensure-test-deps.sh`');
}

/** Converts all files in one LibreOffice start (it costs seconds); returns the output paths in order. */
export function recalculate(files: string[]): string[] {
  return convert(files, 'xlsx:Calc MS Excel 2007 XML', 'xlsx');
}

/** Prints the files to PDF as LibreOffice prints them (recalculated first); returns the PDFs in order. */
export function printToPdf(files: string[]): string[] {
  return convert(files, 'pdf', 'pdf');
}

function convert(files: string[], filter: string, ext: string): string[] {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-lo-'));
  const profile = path.join(work, 'profile');
  fs.mkdirSync(path.join(profile, 'user'), { recursive: true });
  fs.writeFileSync(path.join(profile, 'user', 'registrymodifications.xcu'), RECALC_PROFILE);
  const outDir = path.join(work, 'out');
  fs.mkdirSync(outDir);
  execFileSync(
    sofficePath(),
    [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--nolockcheck', '--convert-to', filter, '--outdir', outDir, ...files],
    { stdio: 'pipe', timeout: 170_000 },
  );
  return files.map((f) => {
    const out = path.join(outDir, `${path.basename(f, path.extname(f))}.${ext}`);
    if (!fs.existsSync(out)) throw new Error(`LibreOffice did not convert ${f}`);
    return out;
  });
}

/** The text of each page of a PDF (poppler's pdftotext). */
export function pdfPages(pdf: string): string[] {
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
    .split('\f')
    .filter((p, i, all) => i < all.length - 1 || p.trim());
}
