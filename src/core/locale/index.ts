import { en } from './en';
import type { Lang, Strings } from './types';
import { zhCN } from './zh-CN';
import { zhTW } from './zh-TW';

export * from './types';

const TABLE: Record<Lang, Strings> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

export function strings(lang: Lang): Strings {
  return TABLE[lang];
}

export function isLang(value: string): value is Lang {
  return Object.prototype.hasOwnProperty.call(TABLE, value);
}

/** Fills `{name}` placeholders; a placeholder with no value is left as is so a missing argument shows. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole));
}
