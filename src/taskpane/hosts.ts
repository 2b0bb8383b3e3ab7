/**
 * Where the pane's actions go: the open workbook (Office.js), or, in a plain browser, .xlsx files
 * built and flagged in the page and downloaded. The .xlsx code (ExcelJS) is loaded only when a
 * browser action first needs it, so the pane in Excel never downloads it.
 */
import { type Campaign, flaggedName, format, type IsoDate, type Lang, localDateTime, localIsoDate, resultFileName, type Strings } from '../core';
import { flagSummary, problemMessage, ProblemError } from '../core/flag';
import { LIMITS } from '../xlsx/package/limits';
import type { ContextApi } from '../excel/api';
import { hostMessage } from '../excel/errors';
import { flagWorkbook } from '../excel/flag';
import { addStatusColumnsWorkbook } from '../excel/status-columns';
import { type CreateWorkbook, deliveryMessage, openWorkbooks, type WorkbookFile } from '../excel/deliver';
import { mergeIntoWorkbook, splitWorkbook } from '../excel/distribute';
import { insertCampaign } from '../excel/insert';
import { checkRequirements } from '../excel/requirements';
import { runSelfTest, type SelfTestEnvironment, selfTestReport } from '../excel/selftest';

export interface PaneHost {
  kind: 'excel' | 'browser';
  /** Inserts or downloads the campaign's workbook; returns what to tell the user. */
  create(campaign: Campaign, s: Strings): Promise<string>;
  flag(file: File | null, today: IsoDate, s: Strings): Promise<string>;
  /** 添加状态列: live status columns for a ledger kept by hand; returns what to tell the user. */
  addStatus(file: File | null, lang: Lang, s: Strings): Promise<string>;
  /** 分发: the master numbered (the open workbook, or a downloaded copy) and one workbook per unit (opened in Excel, or downloaded as a .zip). */
  split?(file: File | null, lang: Lang, s: Strings): Promise<string>;
  /** 汇总: the units' copies merged into the master (the open workbook, or a downloaded copy of the file). */
  merge?(file: File | null, units: File[], lang: Lang, s: Strings): Promise<string>;
  /** 自检, in Excel only: the report to show and copy. */
  selfTest?(lang: Lang, s: Strings): Promise<string>;
  message(error: unknown, s: Strings): string;
}

/** ExcelApi versions to ask about for the self-test's report. */
const API_VERSIONS = Array.from({ length: 20 }, (_, i) => `1.${i + 1}`);

function officeEnvironment(isSetSupported: (name: string, version: string) => boolean): SelfTestEnvironment {
  const d = typeof Office !== 'undefined' ? Office.context?.diagnostics : undefined;
  return { platform: String(d?.platform ?? '?'), version: d?.version ?? '?', apiSets: API_VERSIONS.filter((v) => isSetSupported('ExcelApi', v)) };
}

type Run = <T>(batch: (context: ContextApi) => Promise<T>) => Promise<T>;

/** What the Excel host needs of the platform besides Excel.run: how files reach the user, and where it runs. */
export interface ExcelPlatform {
  /** Excel.createWorkbook (ExcelApi 1.8): the only way a file leaves the pane in Excel (see excel/deliver.ts). */
  createWorkbook: CreateWorkbook;
  /** Office.context.diagnostics.platform: 'PC', 'Mac', 'OfficeOnline'… */
  platform(): string;
}

const officePlatform: ExcelPlatform = {
  createWorkbook: (base64File) => Excel.createWorkbook(base64File),
  platform: () => String(Office.context.diagnostics?.platform ?? ''),
};

/**
 * In Excel; `run` is Excel.run (or the Excel double's, in the tests), with delayForCellEdit: it
 * waits while the user is typing in a cell instead of failing (where the host supports it).
 * Nothing is downloaded in Excel: workbooks for the user are opened by Excel itself.
 */
export function excelHost(
  run: Run = (batch) => Excel.run({ delayForCellEdit: true }, (context) => batch(context as unknown as ContextApi)),
  isSetSupported = (name: string, version: string) => Office.context.requirements.isSetSupported(name, version),
  office: ExcelPlatform = officePlatform,
): PaneHost {
  return {
    kind: 'excel',
    async create(campaign, s) {
      checkRequirements(isSetSupported);
      const outcome = await run((context) => insertCampaign(context, campaign));
      return format(s.pane.inserted, { sheets: outcome.sheets.filter((_, i) => !outcome.spec.sheets[i].hidden).join('、') });
    },
    async flag(_file, today, s) {
      checkRequirements(isSetSupported);
      const outcome = await run((context) => flagWorkbook(context, { runDate: today }));
      return flagSummary(outcome, s);
    },
    async addStatus(_file, lang) {
      checkRequirements(isSetSupported);
      const outcome = await run((context) => addStatusColumnsWorkbook(context, { lang }));
      return outcome.messages.join('\n');
    },
    async split(_file, lang, s) {
      // ExcelApi 1.9 includes 1.8, which Excel.createWorkbook needs.
      checkRequirements(isSetSupported);
      const now = new Date();
      let files: WorkbookFile[] = [];
      const outcome = await run((context) =>
        splitWorkbook(
          context,
          { lang, ...splitMoment(now), masterName: s.host.thisWorkbook },
          {
            // The copies are new workbooks, built here (ExcelJS) before the ledger is numbered: one
            // that cannot be built stops the split with nothing written.
            prepare: async (copies) => {
              const { writeXlsx } = await import(/* webpackChunkName: "xlsx" */ '../xlsx/render');
              files = [];
              for (const c of copies) files.push({ name: c.fileName, bytes: await writeXlsx(c.spec) });
            },
          },
        ),
      );
      const said = outcome.messages.join('\n');
      if (!files.length) return said;
      // Then Excel opens them, one by one; the message says how many it did.
      return `${said}\n${deliveryMessage(await openWorkbooks(files, office.createWorkbook), office.platform(), s)}`;
    },
    async merge(_file, units, lang, s) {
      checkRequirements(isSetSupported);
      const { readUnitFile } = await import(/* webpackChunkName: "package" */ '../xlsx/merge');
      const files = await readUnitBytes(units, s);
      const outcome = await run((context) =>
        mergeIntoWorkbook(
          context,
          files.map((f) => readUnitFile(f.file, f.bytes)),
          { lang, localTime: localDateTime(new Date()) },
        ),
      );
      return outcome.messages.join('\n');
    },
    async selfTest(lang) {
      checkRequirements(isSetSupported);
      const outcome = await run((context) => runSelfTest(context, lang));
      return selfTestReport(outcome, officeEnvironment(isSetSupported), lang, localIsoDate(new Date()));
    },
    message: hostMessage,
  };
}

/** A file name for a campaign: its name without characters file systems refuse. */
export function fileName(base: string, suffix = ''): string {
  const clean =
    base
      .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '')
      .trim()
      .slice(0, 80) || 'campaign-ledger';
  return `${clean}${suffix}.xlsx`;
}

function download(bytes: Uint8Array | Uint8Array[], name: string, type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'): void {
  const blob = new Blob((Array.isArray(bytes) ? bytes : [bytes]) as unknown as BlobPart[], { type });
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** An uploaded workbook's bytes to an action; a file too large is refused before it is read (it would crash the tab). */
async function onFile(file: File, s: Strings, act: (bytes: Uint8Array) => Promise<string>): Promise<string> {
  if (file.size > LIMITS.fileBytes) throw new Error(problemMessage({ kind: 'limit', what: 'file', limit: LIMITS.fileBytes }, s, file.name));
  try {
    return await act(new Uint8Array(await file.arrayBuffer()));
  } catch (error) {
    if (error instanceof ProblemError) throw new Error(problemMessage(error.problem, s, error.file ?? file.name));
    throw error;
  }
}

/** The moment of a split: UTC for the copies' age, the local day for what they say. */
function splitMoment(now: Date): { now: string; today: IsoDate; newCampaignId: () => string } {
  return {
    now: `${now.toISOString().slice(0, 19)}Z`,
    today: localIsoDate(now),
    newCampaignId: () => `CL-${crypto.randomUUID?.() ?? `${now.getTime()}-${Math.random().toString(36).slice(2)}`}`,
  };
}

/** The units' files read in the pane (nothing is uploaded); one too large is refused before it is read. */
async function readUnitBytes(units: File[], s: Strings): Promise<{ file: string; bytes: Uint8Array }[]> {
  for (const u of units) {
    if (u.size > LIMITS.fileBytes) throw new Error(problemMessage({ kind: 'limit', what: 'file', limit: LIMITS.fileBytes }, s, u.name));
  }
  return Promise.all(units.map(async (u) => ({ file: u.name, bytes: new Uint8Array(await u.arrayBuffer()) })));
}

export function browserHost(): PaneHost {
  return {
    kind: 'browser',
    async create(campaign, s) {
      const [{ writeXlsx }, { layoutWorkbook }] = await Promise.all([import(/* webpackChunkName: "xlsx" */ '../xlsx/render'), import('../core/layout')]);
      const name = fileName(campaign.name);
      download(await writeXlsx(layoutWorkbook(campaign)), name);
      return format(s.pane.downloaded, { file: name });
    },
    async flag(file, today, s) {
      // The package editor alone: flagging a file never loads ExcelJS.
      const { flagXlsx } = await import(/* webpackChunkName: "package" */ '../xlsx/flag');
      return onFile(file!, s, async (bytes) => {
        const outcome = await flagXlsx(bytes, { runDate: today });
        // 台账-flagged.xlsx flagged again is 台账-flagged.xlsx, as on the command line.
        const name = fileName(flaggedName(file!.name).replace(/\.xlsx$/i, ''));
        download(outcome.chunks, name);
        return `${flagSummary(outcome, s)}\n${format(s.pane.flaggedFile, { file: name })}`;
      });
    },
    async addStatus(file, lang, s) {
      const { addStatusColumnsXlsx } = await import(/* webpackChunkName: "package" */ '../xlsx/status-columns');
      return onFile(file!, s, async (bytes) => {
        const outcome = await addStatusColumnsXlsx(bytes, { lang });
        const said = outcome.messages.join('\n');
        // Nothing changed: nothing to download.
        if (!outcome.changed) return said;
        const name = fileName(resultFileName(file!.name, 'status').replace(/\.xlsx$/i, ''));
        download(outcome.chunks, name);
        return `${said}\n${format(s.pane.statusFile, { file: name })}`;
      });
    },
    async split(file, lang, s) {
      const [{ splitXlsx }, { zipSync }, { concat }] = await Promise.all([
        import(/* webpackChunkName: "xlsx" */ '../xlsx/split'),
        import('fflate'),
        import(/* webpackChunkName: "package" */ '../xlsx/package/zip'),
      ]);
      return onFile(file!, s, async (bytes) => {
        const outcome = await splitXlsx(bytes, { lang, ...splitMoment(new Date()), masterName: file!.name });
        const said = outcome.messages.join('\n');
        if (!outcome.copies.length) return said;
        // The master goes in too, numbered (or as it was): it is the one to merge into later.
        const master = fileName(file!.name.replace(/\.xlsx$/i, ''));
        const entries: Record<string, Uint8Array> = { [master]: outcome.master ? concat(outcome.master.chunks) : bytes };
        for (const c of outcome.copies) entries[c.fileName] = c.bytes;
        const zip = fileName(file!.name.replace(/\.xlsx$/i, ''), `-${s.distribute.filePrefix}`).replace(/\.xlsx$/, '.zip');
        // Workbooks are compressed already.
        download(zipSync(entries, { level: 0 }), zip, 'application/zip');
        return `${said}\n${format(s.pane.splitFiles, { file: zip, n: outcome.copies.length, master })}`;
      });
    },
    async merge(file, units, lang, s) {
      const { mergeXlsx } = await import(/* webpackChunkName: "package" */ '../xlsx/merge');
      const copies = await readUnitBytes(units, s);
      return onFile(file!, s, async (bytes) => {
        const outcome = await mergeXlsx(bytes, copies, { lang, localTime: localDateTime(new Date()) });
        const said = outcome.messages.join('\n');
        if (!outcome.changed) return said;
        const name = fileName(resultFileName(file!.name, 'merged').replace(/\.xlsx$/i, ''));
        download(outcome.chunks, name);
        return `${said}\n${format(s.pane.mergedFile, { file: name })}`;
      });
    },
    message: (error, s) => (error instanceof Error && !('code' in error) ? error.message : hostMessage(error, s)),
  };
}
