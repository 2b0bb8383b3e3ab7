/** 分发与汇总: a ledger split into one workbook per unit, and the units' copies merged back by item number. */
export * from './copy-layout';
export * from './dropdowns';
export * from './identity';
export * from './merge';
export * from './split';
export * from './cell-compare';
export * from './footer';
