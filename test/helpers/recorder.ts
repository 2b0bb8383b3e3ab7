/**
 * A recording of the Office.js operations an action queues, independent of the Excel double's own
 * checks: every method call and property assignment on the context's objects is logged in the order
 * it is queued (the order Excel runs it), with its arguments, and passed on to the real context.
 *
 * `forwardReferences` then replays the log with a vocabulary of its own: the sheets and names that
 * exist before, and those the action adds, renames or defines. Any formula, list source, rule or
 * name formula that mentions one of them before it exists, and any getItem of a sheet that does not
 * exist yet, is reported.
 */
import type { ContextApi } from '../../src/excel/api';

export interface RecordedOp {
  /** e.g. `worksheets.getItem("总览").getRange("B3").formulas=` */
  path: string;
  kind: 'call' | 'set';
  member: string;
  args: unknown[];
  /** The path of the object the member belongs to. */
  target: string;
}

function describe(args: unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? JSON.stringify(a) : typeof a === 'number' ? String(a) : '…')).join(',');
}

export function recordingContext(real: ContextApi): { context: ContextApi; log: RecordedOp[] } {
  const log: RecordedOp[] = [];
  const wrap = (obj: object, path: string): unknown =>
    new Proxy(obj, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof prop === 'symbol' || prop === 'then') return value;
        if (typeof value === 'function') {
          return (...args: unknown[]) => {
            if (prop !== 'load' && prop !== 'sync') log.push({ path: `${path}.${prop}(${describe(args)})`, kind: 'call', member: prop, args, target: path });
            const result = (value as (...a: unknown[]) => unknown).apply(target, args);
            if (prop === 'load') return receiver;
            return result && typeof result === 'object' && !(result instanceof Promise) ? wrap(result as object, `${path}.${prop}(${describe(args)})`) : result;
          };
        }
        if (value && typeof value === 'object' && !Array.isArray(value)) return wrap(value as object, `${path}.${prop}`);
        return value;
      },
      set(target, prop, value) {
        if (typeof prop === 'string') log.push({ path: `${path}.${prop}=`, kind: 'set', member: prop, args: [value], target: path });
        return Reflect.set(target, prop, value);
      },
    });
  return { context: wrap(real, 'context') as ContextApi, log };
}

const quoted = (sheet: string) => `'${sheet.replace(/'/g, "''")}'!`;

/** Formula-like texts an operation carries: cell formulas, list sources, rule formulas, name formulas. */
function referenceTexts(op: RecordedOp): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string' && v.startsWith('=')) out.push(v.replace(/"(?:[^"]|"")*"/g, '""'));
  };
  if (op.kind === 'set' && (op.member === 'formulas' || op.member === 'values')) (op.args[0] as unknown[][]).forEach((row) => row.forEach(add));
  if (op.kind === 'set' && op.member === 'rule') add((op.args[0] as { list?: { source?: string } }).list?.source);
  if (op.kind === 'set' && op.member === 'formula') add(op.args[0]);
  if (op.kind === 'call' && op.member === 'add' && op.target.endsWith('names')) add(op.args[1]);
  return out;
}

/** The sheet a worksheet path stands for, with its name at the time of the call. */
function sheetOfTarget(target: string): string | null {
  const m = /worksheets\.(?:add|getItem|getItemOrNullObject)\("((?:[^"\\]|\\.)*)"\)$/.exec(target);
  return m ? JSON.parse(`"${m[1]}"`) : null;
}

export function forwardReferences(log: RecordedOp[], before: { sheets: string[]; names: string[] }): string[] {
  const sheets = new Set(before.sheets.map((s) => s.toLowerCase()));
  const names = new Set(before.names.map((n) => n.toLowerCase()));
  // The vocabulary: every sheet and name the log ever adds, renames to or defines.
  const allSheets = new Set(before.sheets);
  const allNames = new Set(before.names);
  for (const op of log) {
    if (op.kind === 'call' && op.member === 'add' && op.target.endsWith('worksheets')) allSheets.add(String(op.args[0]));
    if (op.kind === 'set' && op.member === 'name' && sheetOfTarget(op.target)) allSheets.add(String(op.args[0]));
    if (op.kind === 'call' && op.member === 'add' && op.target.endsWith('names')) allNames.add(String(op.args[0]));
  }
  const problems: string[] = [];
  for (const op of log) {
    for (const text of referenceTexts(op)) {
      for (const s of allSheets) if (text.includes(quoted(s)) && !sheets.has(s.toLowerCase())) problems.push(`${op.path}: sheet ${s} does not exist yet`);
      for (const n of allNames) {
        if (new RegExp(`(?<![\\w.'!$])${n}(?![\\w(!])`).test(text) && !names.has(n.toLowerCase())) problems.push(`${op.path}: name ${n} does not exist yet`);
      }
    }
    const sheet = /worksheets\.getItem\("((?:[^"\\]|\\.)*)"\)/.exec(op.path);
    if (sheet && !sheets.has(JSON.parse(`"${sheet[1]}"`).toLowerCase())) problems.push(`${op.path}: sheet ${JSON.parse(`"${sheet[1]}"`)} does not exist yet`);
    if (op.kind === 'call' && op.member === 'add' && op.target.endsWith('worksheets')) sheets.add(String(op.args[0]).toLowerCase());
    if (op.kind === 'call' && op.member === 'add' && op.target.endsWith('names')) names.add(String(op.args[0]).toLowerCase());
    if (op.kind === 'call' && op.member === 'delete') {
      const s = sheetOfTarget(op.target);
      if (s) sheets.delete(s.toLowerCase());
    }
    if (op.kind === 'set' && op.member === 'name') {
      const s = sheetOfTarget(op.target);
      if (s) {
        sheets.delete(s.toLowerCase());
        sheets.add(String(op.args[0]).toLowerCase());
      }
    }
  }
  return problems;
}
