/** The overdue flag: computing it, planning what it writes, the 逾期清单 sheet, what it tells the user. */
export * from './compute';
export * from './plan';
export { layoutOverdueSheet, replyByDate, REPLY_WORKDAYS } from './overdue-sheet';
export * from './messages';
