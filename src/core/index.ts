/** The pure core: no Office.js, DOM or Node imports anywhere below this folder. */
export * from './address';
export * from './campaign';
export * from './dates';
export * from './layout';
export * from './locale';
export * from './model';
export * from './spec';
export * from './status';
export * from './text';
export { TEMPLATES, DEFAULT_TEMPLATE_ID, findTemplate, type TemplateData } from './templates';
export * as formulas from './formulas';
export * from './plan';
export * from './workdays';
export * from './ledger';
export * from './flag';
export * from './selftest';
export * from './settings';
export * from './distribute';
