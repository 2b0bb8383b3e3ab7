/** Chinese numerals as they appear in dates: 二〇一〇年 / 二0一一年 (digit by digit), 十二月, 二十一日. */

const DIGIT: Record<string, number> = {
  〇: 0,
  '○': 0,
  零: 0,
  О: 0,
  O: 0,
  o: 0,
  '0': 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
  '6': 6,
  '7': 7,
  '8': 8,
  '9': 9,
};

/** A year written digit by digit, in Chinese or Arabic digits or a mix; null if any character is not a digit. */
export function yearNumber(text: string): number | null {
  let n = 0;
  for (const ch of text) {
    const d = DIGIT[ch];
    if (d === undefined) return null;
    n = n * 10 + d;
  }
  return n;
}

/** A month or day: 12, 十二, 二十, 二十一, 三十一. */
export function smallNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!m || text === '') return null;
  if (!m[2]) return m[1] && !m[3] ? DIGIT[m[1]] : null;
  return (m[1] ? DIGIT[m[1]] : 1) * 10 + (m[3] ? DIGIT[m[3]] : 0);
}

/** Character classes for patterns. */
export const YEAR_DIGITS = '[0-9〇○零OoО一二三四五六七八九]{4}';
export const SMALL_NUMBER = '(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})';
/** A year the text hides: *8年, 20**年, 20*年, 20XX年, 20__年. */
export const MASKED_YEAR = '(?:[0-9]{1,3}[*＊xX×_]{1,3}|[*＊xX×_]{1,3}[0-9]{1,3}|[*＊xX×_]{2,4})';
export const MASK_CHAR = /[*＊xX×_]/;
