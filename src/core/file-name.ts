/**
 * The name of an action's result beside its input: 台账.xlsx → 台账-flagged.xlsx. An input that
 * is already such a result keeps the pattern (台账-flagged.xlsx flagged again is
 * 台账-flagged.xlsx, not 台账-flagged-flagged.xlsx), so repeating an action never grows a name.
 */
export function resultFileName(input: string, suffix: string): string {
  const ext = /\.xls[xm]$/i.exec(input)?.[0] ?? '.xlsx';
  const tail = `-${suffix}`;
  let base = input.replace(/\.xls[xm]$/i, '');
  while (base.toLowerCase().endsWith(tail.toLowerCase()) && base.length > tail.length) base = base.slice(0, -tail.length);
  return `${base}${tail}${ext}`;
}

/** 台账.xlsx → 台账-flagged.xlsx, and 台账-flagged.xlsx stays as it is. */
export function flaggedName(input: string): string {
  return resultFileName(input, 'flagged');
}
