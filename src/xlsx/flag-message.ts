/** What to tell a user whose .xlsx could not be flagged (command line and browser pane alike). */
import { format, type Strings } from '../core/locale';
import type { FlagError } from './flag';

export function flagMessage(error: FlagError, file: string, s: Strings): string {
  const p = error.problem;
  switch (p.kind) {
    case 'encrypted':
      return format(s.cli.encrypted, { path: file });
    case 'notXlsx':
      return format(s.cli.notXlsx, { path: file });
    case 'noLedger':
      return format(s.cli.noLedger, { path: file });
    case 'unsupported':
      return format(s.cli.unsupportedParts, { path: file, parts: p.parts.map((x) => s.cli[`part.${x}`] ?? x).join('、') });
    case 'unreadable': {
      const list = p.cells.map((c) => format(s.cli.unreadableCell, { row: c.row, header: c.header, text: c.text }));
      const shown = list.length > 20 ? [...list.slice(0, 20), `… (+${list.length - 20})`] : list;
      return format(s.cli.unreadableDates, { list: shown.join(';') });
    }
  }
}
