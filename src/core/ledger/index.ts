export * from './cell-date';
export * from './find';
export * from './flag';
export * from './grid';
export * from './headers';
export * from './flag-plan';
export { layoutOverdueSheet, replyByDate, REPLY_WORKDAYS } from './overdue-sheet';
