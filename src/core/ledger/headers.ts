/**
 * Ledger columns by header name, with the synonyms hand-made ledgers use. Headers are compared
 * after removing spaces, line breaks, asterisks and parenthesised notes, in simplified form.
 */
import { Converter } from 'opencc-js/t2cn';

export const FIELD_SYNONYMS = {
  seq: ['序号', '编号', 'No.', 'No'],
  category: ['问题类别', '问题类型', '问题分类', '类别', 'Category'],
  problem: ['问题描述', '存在问题', '问题内容', '具体问题', '问题清单', '问题', 'Problem'],
  measure: ['整改措施', '整改举措', '整改措施及目标', '措施', 'Measure'],
  type: ['整改类型', 'Type'],
  leader: ['责任领导', '分管领导', '牵头领导', '包案领导', 'Responsible leader'],
  unit: ['责任单位', '牵头单位', '责任部门', '责任科室', '承办单位', 'Responsible unit'],
  owner: ['责任人', '负责人', '承办人', '具体责任人', '经办人', 'Owner'],
  deadline: ['整改时限', '完成时限', '截止日期', '整改期限', '完成期限', '时限', '期限', 'Deadline'],
  completed: ['完成日期', '完成时间', '办结日期', '办结时间', '实际完成时间', 'Completed on'],
  status: ['整改状态', '完成情况', '进展情况', '整改进展', '整改情况', 'Status'],
  signedOff: ['销号日期', '销号时间', 'Signed off on'],
  signer: ['销号人', 'Signed off by'],
  remarks: ['备注', 'Remarks'],
  evidence: ['佐证材料', '佐证资料', '证明材料', '整改佐证', 'Evidence'],
  itemId: ['台账编号', '事项编号', '整改编号', '问题编号', 'Item ID'],
  source: ['来源', '事项来源', 'Source'],
  firstOverdue: ['首次逾期日期', 'First overdue on'],
  daysOverdue: ['逾期天数', 'Days overdue'],
  workdaysLeft: ['剩余工作日', 'Workdays left'],
} as const;

export type LedgerField = keyof typeof FIELD_SYNONYMS;
/** The fields the overdue flag reads (an Office.js read fetches only these columns). */
export const LEDGER_FIELDS_READ: readonly LedgerField[] = [
  'seq',
  'problem',
  'measure',
  'leader',
  'unit',
  'owner',
  'deadline',
  'completed',
  'status',
  'signedOff',
  'firstOverdue',
  'daysOverdue',
];
export const OWNED_FIELDS = ['firstOverdue', 'daysOverdue', 'workdaysLeft'] as const;
export type OwnedField = (typeof OWNED_FIELDS)[number];

const toSimplified = Converter({ from: 't', to: 'cn' });

export function normalizeHeader(text: string): string {
  return toSimplified(text)
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase();
}

const LOOKUP: [string, LedgerField][] = (Object.entries(FIELD_SYNONYMS) as [LedgerField, readonly string[]][])
  .flatMap(([field, names]) => names.map((n) => [normalizeHeader(n), field] as [string, LedgerField]))
  .sort((a, b) => b[0].length - a[0].length);

/** The field a header names, if any: an exact synonym first, else one the header starts with. */
export function fieldOf(header: string): LedgerField | null {
  const h = normalizeHeader(header);
  if (!h || h.length > 20) return null;
  const exact = LOOKUP.find(([name]) => name === h);
  if (exact) return exact[1];
  const prefix = LOOKUP.find(([name]) => name.length >= 2 && h.startsWith(name));
  return prefix ? prefix[1] : null;
}
