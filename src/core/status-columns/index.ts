/** 添加状态列: live status columns for a ledger made by hand. */
export * from './plan';
