/** Why the file system refused, in words (ENOENT is no message for a user). */
import { format, type Strings } from '../core/locale';

export function reasonText(error: unknown, s: Strings): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (!code) return String((error as Error)?.message ?? error);
  return s.cli[`reason.${code}`] ?? format(s.cli['reason.other'], { code });
}
