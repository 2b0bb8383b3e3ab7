/**
 * campaign-ledger split and merge: a ledger sent out as one workbook per unit, and the units'
 * copies merged back into it by item number.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fieldOf, format, localDateTime, type SplitBy, type Strings } from '../core';
import { mergeXlsx } from '../xlsx/merge';
import { splitXlsx } from '../xlsx/split';
import { CliError } from './errors';
import { reasonText } from './reasons';
import { asCliError, checkWorkbook, openFileAction, readWorkbookInput } from './file-action';
import type { Io } from './main';
import { langOption, parse } from './options';
import { InPlaceFile, writeFileAtomically } from './write-file';
import { encodeExcelJsPartsWhole } from './exceljs-utf8';

const SPLIT_OPTIONS = {
  output: { type: 'string', short: 'o' },
  by: { type: 'string' },
  lang: { type: 'string' },
  force: { type: 'boolean' },
} as const;

/** --by: 责任单位 or 责任人, in any of their header words (or unit / owner). */
function byOption(value: string | undefined, s: Strings): SplitBy {
  if (value === undefined) return 'unit';
  const field = value === 'unit' || value === 'owner' ? value : fieldOf(value);
  if (field !== 'unit' && field !== 'owner') throw new CliError(format(s.cli.badBy, { value }));
  return field;
}

export async function splitCommand(argv: string[], s: Strings, io: Io): Promise<void> {
  const { values, positionals } = parse(argv, SPLIT_OPTIONS, s);
  const lang = langOption(values.lang as string | undefined, s);
  if (positionals.length !== 1 || !values.output) throw new CliError(s.cli.splitUsage);
  const file = positionals[0];
  const dir = values.output as string;
  const by = byOption(values.by as string | undefined, s);
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new CliError(format(s.cli.notADirectory, { path: dir }));
  // The master may get its item numbers: it is held as a file changed in place from the start.
  const held = InPlaceFile.open(file, s, (m) => io.err(`! ${m}`));
  try {
    const bytes = held.read();
    checkWorkbook(file, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), s);
    const now = io.now?.() ?? new Date();
    encodeExcelJsPartsWhole();
    let outcome;
    try {
      outcome = await splitXlsx(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
        by,
        lang,
        now: `${now.toISOString().slice(0, 19)}Z`,
        today: io.today(),
        newCampaignId: () => `CL-${randomUUID()}`,
        masterName: path.basename(file),
      });
    } catch (error) {
      throw asCliError(error, s, file);
    }
    const targets = outcome.copies.map((c) => ({ ...c, target: path.join(dir, c.fileName) }));
    if (!values.force) {
      const existing = targets.find((t) => fs.existsSync(t.target));
      if (existing) throw new CliError(format(s.cli.outputExists, { path: existing.target }));
    }
    // The master first: a copy must never carry a number its master does not have.
    if (outcome.master) held.commit(outcome.master.chunks);
    if (targets.length) fs.mkdirSync(dir, { recursive: true });
    for (const t of targets) writeFileAtomically(t.target, t.bytes, true, s);
    for (const m of outcome.messages) io.out(m);
    if (outcome.master) io.out(format(s.cli.masterNumbered, { path: path.resolve(file) }));
    if (targets.length) io.out(format(s.cli.wrote, { path: path.resolve(dir) }));
  } finally {
    held.release();
  }
}

const MERGE_OPTIONS = {
  output: { type: 'string', short: 'o' },
  'in-place': { type: 'boolean' },
  force: { type: 'boolean' },
  lang: { type: 'string' },
} as const;

/** The units' files: those named, and the .xlsx files in a folder named (but the master). */
function unitFiles(args: string[], master: string, s: Strings): string[] {
  const files: string[] = [];
  for (const a of args) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(a);
    } catch (error) {
      throw new CliError(format(s.cli.readFailed, { path: a, reason: reasonText(error, s) }));
    }
    if (!stat.isDirectory()) {
      if (path.resolve(a) === path.resolve(master)) throw new CliError(format(s.cli.masterAsUnit, { path: a }));
      files.push(a);
    } else
      for (const name of fs.readdirSync(a).sort()) {
        const full = path.join(a, name);
        if (/\.xls[xm]$/i.test(name) && !name.startsWith('~$') && !name.startsWith('.') && path.resolve(full) !== path.resolve(master)) files.push(full);
      }
  }
  if (!files.length) throw new CliError(s.cli.mergeUsage);
  return files;
}

export async function mergeCommand(argv: string[], s: Strings, io: Io): Promise<void> {
  const { values, positionals } = parse(argv, MERGE_OPTIONS, s);
  const lang = langOption(values.lang as string | undefined, s);
  if (positionals.length < 2) throw new CliError(s.cli.mergeUsage);
  const [file, ...rest] = positionals;
  // Each unit's file is read when the merge comes to it.
  const units = unitFiles(rest, file, s).map((f) => ({
    file: path.basename(f),
    bytes: () => readWorkbookInput(f, s),
  }));
  const action = openFileAction(file, values, 'merged', s, (m) => io.err(`! ${m}`));
  try {
    let outcome;
    try {
      outcome = await mergeXlsx(action.input, units, { lang, localTime: localDateTime(io.now?.() ?? new Date()) });
    } catch (error) {
      throw asCliError(error, s, file);
    }
    action.finish(outcome.changed ? outcome.chunks : null);
    for (const m of outcome.messages) io.out(m);
    if (outcome.changed) io.out(format(s.cli.wrote, { path: path.resolve(action.output) }));
  } finally {
    action.release();
  }
}
