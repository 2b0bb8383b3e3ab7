/**
 * Why an action on a workbook stopped, as one type for the command line, the pane and the ribbon,
 * and the one formatter that says it to the user. A file name is given where the action worked on
 * a file (command line, browser pane); in Excel the workbook is the open one.
 */
import { fileKind } from '../file-names';
import { format, type Strings } from '../locale';
import type { UnreadableCell } from './compute';
import type { FlagOutcome, FlagSettings } from './plan';

export type Problem =
  // A file that is not a workbook we can read: another spreadsheet format, something else, damaged.
  | { kind: 'saveAsXlsx'; format: 'xls' | 'xlsb' | 'ods' }
  | { kind: 'notWorkbook'; what: 'word' | 'pdf' | 'zip' | 'text' }
  | { kind: 'encrypted' }
  | { kind: 'notXlsx' }
  // Past what a file may hold before it is read (a zip bomb, a part or a sheet too large).
  | { kind: 'limit'; what: LimitKind; limit?: number; part?: string }
  // A zip that lists one part twice, or parts that share their bytes: no two readers agree on it.
  | { kind: 'badZip'; reason: 'duplicate' | 'overlap'; part: string }
  // The ledger reaches the last column a sheet can have (XFD): no room right of it for what the action adds.
  | { kind: 'noRoom'; sheet: string }
  // The workbook itself (or, for a merge, one of the units' files).
  | { kind: 'noLedger'; file?: string }
  // A campaign-ledger workbook, which has its status formulas already (add-status).
  | { kind: 'ourLedger' }
  | { kind: 'unreadable'; cells: UnreadableCell[] }
  | { kind: 'dateSystem1904' }
  /** Excel's DATE(1904,1,2) gave neither 1900- nor 1904-system answer (an error or another number). */
  | { kind: 'dateProbe'; got: string }
  // 分发与汇总: a unit's copy given as the master, a master never split, a copy of another campaign.
  | { kind: 'notAMaster' }
  | { kind: 'masterWithoutIds' }
  | { kind: 'anotherCampaign'; file: string; campaign: string }
  // Excel.
  | { kind: 'readOnly' }
  | { kind: 'workbookProtected' }
  | { kind: 'sheetProtected'; sheet: string }
  | { kind: 'oldExcel'; version: string }
  | { kind: 'tooLarge' }
  | { kind: 'cellEditing' };

/**
 * Why a file given as a workbook cannot be one, from its bytes, before anything else is read (null:
 * an .xlsx package, which the package reader opens or refuses itself).
 */
export function workbookProblem(bytes: Uint8Array): Problem | null {
  const kind = fileKind(bytes);
  switch (kind) {
    // Bytes of no known kind may be a damaged package: the package reader says so.
    case 'xlsx':
    case 'unknown':
      return null;
    case 'encrypted':
      return { kind: 'encrypted' };
    case 'xls':
    case 'xlsb':
    case 'ods':
      return { kind: 'saveAsXlsx', format: kind };
    default:
      return { kind: 'notWorkbook', what: kind };
  }
}

/**
 * What a limit counts: bytes (part, file, inflated: told in MB), counts (rows, entries, sheets,
 * styles, strings, elements, attributes, namespaces), sizes (nameChars, depth), and the grid's own
 * bounds (rowNumber, colNumber: a row or column number past what a sheet can have).
 */
export type LimitKind =
  | 'part'
  | 'ratio'
  | 'rows'
  | 'entries'
  | 'file'
  | 'inflated'
  | 'sheets'
  | 'styles'
  | 'strings'
  | 'elements'
  | 'attributes'
  | 'namespaces'
  | 'nameChars'
  | 'depth'
  | 'rowNumber'
  | 'colNumber';

const BYTE_LIMITS: readonly LimitKind[] = ['part', 'file', 'inflated'];

export class ProblemError extends Error {
  /** `file`: the file the problem is in, when it is not the one the action was given (a unit's copy in a merge). */
  constructor(
    readonly problem: Problem,
    readonly file?: string,
  ) {
    super(problem.kind);
  }
}

/** Cells listed by row at the most, in any message. */
export const LIST_LIMIT = 10;

export function problemMessage(p: Problem, s: Strings, file?: string): string {
  const path = file ?? '';
  switch (p.kind) {
    case 'saveAsXlsx':
      return format(s.cli.saveAsXlsx, { path, format: s.cli[`format.${p.format}`] });
    case 'notWorkbook':
      return format(s.cli.notWorkbook, { path, what: s.cli[`what.${p.what}`] });
    case 'encrypted':
      return format(s.cli.encrypted, { path });
    case 'notXlsx':
      return format(s.cli.notXlsx, { path });
    case 'limit': {
      // Byte limits are told in MB, row and part counts as they are.
      const limit = p.limit === undefined ? '' : BYTE_LIMITS.includes(p.what) ? Math.round(p.limit / 1024 / 1024) : p.limit.toLocaleString('en-US');
      return format(s.cli[`limit.${p.what}`], { path, part: p.part ?? '', limit });
    }
    case 'badZip':
      return format(s.cli[`badZip.${p.reason}`], { path, part: p.part });
    case 'noRoom':
      return format(s.cli.noRoom, { path: path || s.host.thisWorkbook, sheet: p.sheet });
    case 'noLedger':
      return file === undefined && p.file === undefined ? s.host.noLedger : format(s.cli.noLedger, { path: p.file ?? path });
    case 'notAMaster':
      return format(s.distribute.notAMaster, { path: path || s.host.thisWorkbook });
    case 'masterWithoutIds':
      return format(s.distribute.masterWithoutIds, { path: path || s.host.thisWorkbook });
    case 'anotherCampaign':
      return format(s.distribute.anotherCampaign, { path: p.file, campaign: p.campaign });
    case 'unreadable': {
      const list = p.cells
        .slice(0, LIST_LIMIT)
        .map((c) => format(file === undefined ? s.host.unreadableCell : s.cli.unreadableCell, { row: c.row, header: c.header, text: c.text }));
      if (p.cells.length > LIST_LIMIT) list.push(`… (+${p.cells.length - LIST_LIMIT})`);
      return format(file === undefined ? s.host.unreadable : s.cli.unreadableDates, { list: list.join(';') });
    }
    case 'ourLedger':
      return s.statusColumns.ourLedger;
    case 'dateSystem1904':
      return s.host.dateSystem1904;
    case 'dateProbe':
      return format(s.host.dateProbe, { got: p.got });
    case 'readOnly':
      return s.host.readOnly;
    case 'workbookProtected':
      return s.host.workbookProtected;
    case 'sheetProtected':
      return format(s.host.sheetProtected, { sheet: p.sheet });
    case 'oldExcel':
      return format(s.host.unsupported, { version: p.version });
    case 'tooLarge':
      return s.host.tooLarge;
    case 'cellEditing':
      return s.host.cellEditing;
  }
}

const UNITS_SHOWN = 8;

/** The counts of a flag run by unit, for the ribbon's dialog and the pane. */
export function flagSummary(outcome: FlagOutcome, s: Strings): string {
  const { result } = outcome;
  const c = result.counts;
  if (!c.overdue) return [...previewLine(outcome, s), format(s.host.flaggedNone, { asOf: result.asOf, dueSoon: c.dueSoon })].join('\n');
  const byUnit = new Map<string, number>();
  for (const item of result.overdue) byUnit.set(item.unit || '—', (byUnit.get(item.unit || '—') ?? 0) + 1);
  const units = [...byUnit]
    .sort((a, b) => b[1] - a[1])
    .slice(0, UNITS_SHOWN)
    .map(([unit, n]) => format(s.host.byUnit, { unit, n }));
  if (byUnit.size > UNITS_SHOWN) units.push('…');
  const head = format(s.host.flagged, { asOf: result.asOf, overdue: c.overdue, newly: c.newlyOverdue, dueSoon: c.dueSoon, sheet: outcome.overdueSheet });
  return [...previewLine(outcome, s), head, ...units, ...outcome.warnings].join('\n');
}

function previewLine(outcome: FlagOutcome, s: Strings): string[] {
  return outcome.settings.preview ? [format(s.host.preview, { asOf: outcome.settings.asOf })] : [];
}

/**
 * Where the run's as-of date and due-soon window came from, as the command line says it: each
 * from its real source (an option, the workbook's sheet that holds it, today, the default), and a
 * preview said as one. Nothing when both are today's and the default.
 */
export function settingsLines(settings: FlagSettings, runDate: string, s: Strings): string[] {
  const c = s.cli;
  const sheet = settings.asOfSheet ?? '';
  const { asOf, dueSoonDays: days } = settings;
  const lines: string[] = [];
  if (settings.asOfFrom === 'workbook' && settings.dueSoonFrom === 'workbook') lines.push(format(c.settingsFromWorkbook, { asOf, days, sheet }));
  else if (settings.asOfFrom !== 'today' || settings.dueSoonFrom !== 'default') {
    const asOfPart = settings.overridden
      ? format(c.asOfOverride, { asOf, workbook: settings.overridden, sheet })
      : format({ option: c.asOfFromOption, workbook: c.asOfFromWorkbook, today: c.asOfFromToday }[settings.asOfFrom], { asOf, sheet });
    const windowPart = format({ option: c.dueSoonFromOption, workbook: c.dueSoonFromWorkbook, default: c.dueSoonFromDefault }[settings.dueSoonFrom], {
      days,
      sheet,
    });
    lines.push(`${asOfPart}${windowPart}`);
  }
  if (settings.preview) lines.push(format(c.preview, { asOf, today: runDate }));
  return lines;
}
