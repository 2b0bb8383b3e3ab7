/** Turns argv into checked options; every mistake becomes one localized CliError line. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseIso, type IsoDate } from '../core/dates';
import { format, isLang, type Lang, strings, type Strings } from '../core/locale';
import { MAX_NAME_LENGTH } from '../core/text';
import { CliError } from './errors';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Language of messages: the --lang given, when it is one we have, else zh-CN. */
export function messageLang(argv: string[]): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return 'zh-CN';
  const value = argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  return value && isLang(value) ? value : 'zh-CN';
}

export function parse(argv: string[], options: OptionSpec, s: Strings): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (error) {
    const e = error as { code?: string; message: string };
    const option = /'([^']+)'/.exec(e.message)?.[1]?.split(' ')[0] ?? '';
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new CliError(format(s.cli.missingValue, { option }));
    throw new CliError(format(s.cli.unknownOption, { option }));
  }
}

export function requireString(values: Record<string, unknown>, key: string, s: Strings): string {
  const value = values[key];
  if (typeof value !== 'string' || value === '') throw new CliError(format(s.cli.missingOption, { option: `--${key}` }));
  return value;
}

export function dateOption(value: string | undefined, option: string, s: Strings): IsoDate | null {
  if (value === undefined) return null;
  const date = parseIso(value);
  if (!date) throw new CliError(format(s.cli.badDate, { option, value }));
  return date;
}

export function countOption(value: string | undefined, option: string, max: number, fallback: number, s: Strings): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max) throw new CliError(format(s.cli.badCount, { option, value, max }));
  return Number(value);
}

export function langOption(value: string | undefined, s: Strings): Lang {
  if (value === undefined) return 'zh-CN';
  if (!isLang(value)) throw new CliError(format(s.cli.badLang, { value }));
  return value;
}

export function nameOption(value: string | undefined, s: Strings): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!trimmed || trimmed.length > MAX_NAME_LENGTH) throw new CliError(format(s.cli.badName, { max: MAX_NAME_LENGTH }));
  return trimmed;
}

export function outputOption(value: string | undefined, s: Strings): string {
  if (!value) throw new CliError(format(s.cli.missingOption, { option: '-o' }));
  if (!/\.xlsx$/i.test(value)) throw new CliError(format(s.cli.outputNotXlsx, { path: value }));
  return value;
}

/** A plan's year, when the text does not say it: 1949–2100. */
export function yearOption(value: string | undefined, s: Strings): number | null {
  if (value === undefined) return null;
  if (!/^\d{4}$/.test(value) || Number(value) < 1949 || Number(value) > 2100) throw new CliError(format(s.cli.badYear, { value }));
  return Number(value);
}

export { strings };
