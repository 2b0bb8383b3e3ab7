/**
 * What stands below a ledger's items: a totals row (合计, 小计), a signature block (填表人, 审核人,
 * 联系电话, 日期) or notes. Items the merge appends go inside the item rows, above all of that:
 * into the empty rows after the last item, never below a footer.
 */
import { isTotalLabel } from '../cell-words';
import { isItemRow } from '../flag/compute';
import type { LedgerLocation } from '../ledger/find';
import { gridText, type GridValue } from '../ledger/grid';

/** The words a signature line starts with, in the three scripts the product speaks. */
const SIGNATURE_WORDS = [
  '填表人',
  '填报人',
  '填報人',
  '制表人',
  '製表人',
  '审核人',
  '審核人',
  '审核',
  '審核',
  '审批人',
  '審批人',
  '复核人',
  '複核人',
  '联系人',
  '聯繫人',
  '聯絡人',
  '联系电话',
  '聯繫電話',
  '聯絡電話',
  '电话',
  '電話',
  '填表日期',
  '填报日期',
  '填報日期',
  '制表日期',
  '製表日期',
  '日期',
  '单位负责人',
  '單位負責人',
  '负责人',
  '負責人',
  '签字',
  '簽字',
  '签名',
  '簽名',
  '盖章',
  '蓋章',
  'prepared by',
  'reviewed by',
  'approved by',
  'contact',
  'phone',
  'tel',
  'date',
  'signature',
];
const SIGNATURE = new RegExp(`^(?:[（(]?(?:单位|單位)?(?:盖章|蓋章)[)）]?|(?:${SIGNATURE_WORDS.join('|')}))\\s*(?:[:：]|$)`, 'i');

/** Whether a cell's text opens a signature line: 填表人:, 审核人:, 联系电话:, 日期:, a word alone in its cell. */
export function isSignatureText(text: string): boolean {
  return SIGNATURE.test(text.replace(/[\s\u3000]+/g, ' ').trim());
}

/** A row of a signature block: one of its cells opens a signature line. */
export function isSignatureRow(cells: readonly GridValue[]): boolean {
  return cells.some((v) => typeof v === 'string' && isSignatureText(v));
}

/** An item of the ledger, not a line of its footer (a signature line typed into the problem column reads like one). */
export function isLedgerItem(loc: LedgerLocation, cells: readonly GridValue[]): boolean {
  return isItemRow(loc, cells) && !isSignatureRow(cells);
}

/** A totals row: 合计 or 小计 in any of its cells. */
export function isTotalsRow(cells: readonly GridValue[]): boolean {
  return cells.some((v) => isTotalLabel(gridText(v).replace(/[:：]$/, '')));
}

export interface ItemRows {
  /** The last item's row (the header's when there is none). */
  lastItem: number;
  /** The first row below the items that holds anything (a totals row, a signature, a note); null: none. */
  footer: number | null;
}

/**
 * Where the items end and the footer begins. A row counts as empty when it holds nothing but what
 * the ledger prepares for items to come: formulas of `prepared` columns, a 序号 typed ahead.
 */
export function itemRows(loc: LedgerLocation, rows: GridValue[][], prepared: Set<number>): ItemRows {
  let lastItem = loc.headerRow;
  for (let r = loc.headerRow + 1; r <= rows.length; r++) if (isLedgerItem(loc, rows[r - 1] ?? [])) lastItem = r;
  const seq = loc.columns.seq;
  for (let r = lastItem + 1; r <= rows.length; r++) {
    const cells = rows[r - 1] ?? [];
    if (cells.some((v, j) => j + 1 !== seq && !prepared.has(j + 1) && gridText(v))) return { lastItem, footer: r };
  }
  return { lastItem, footer: null };
}

const NAME_CHAR = /[A-Za-z0-9_.\\]/;
const RANGE = /(\$?)([A-Z]{1,3})(\$?)(\d+):(\$?)([A-Z]{1,3})(\$?)(\d+)/y;

/**
 * A formula of a footer row (合计's SUM(F3:F20), COUNTA) with its ranges over the item rows grown
 * over the rows appended below them: a range of this sheet that starts among the items and ends
 * between the last item and the last appended row ends at the last appended row. Null: unchanged.
 * Ranges naming another sheet, and text in quotes, are left alone.
 */
export function grownTotal(formula: string, items: { first: number; last: number; appendedTo: number }): string | null {
  let out = '';
  let changed = false;
  for (let i = 0; i < formula.length;) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < formula.length && !(formula[j] === ch && formula[j + 1] !== ch)) j += formula[j] === ch ? 2 : 1;
      // A quoted sheet name: the reference after it is another sheet's (or this one's, named): left alone.
      let end = j + 1;
      if (ch === "'" && formula[end] === '!') {
        RANGE.lastIndex = end + 1;
        const m = RANGE.exec(formula);
        if (m) end = end + 1 + m[0].length;
      }
      out += formula.slice(i, end);
      i = end;
      continue;
    }
    if (!NAME_CHAR.test(formula[i - 1] ?? '') && formula[i - 1] !== '!') {
      RANGE.lastIndex = i;
      const m = RANGE.exec(formula);
      if (m && !NAME_CHAR.test(formula[i + m[0].length] ?? '') && formula[i + m[0].length] !== '(') {
        const [r1, r2] = [Number(m[4]), Number(m[8])];
        if (r1 >= items.first && r1 <= items.last && r2 >= items.last && r2 < items.appendedTo) {
          out += `${m[1]}${m[2]}${m[3]}${m[4]}:${m[5]}${m[6]}${m[7]}${items.appendedTo}`;
          changed = true;
        } else out += m[0];
        i += m[0].length;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return changed ? out : null;
}
