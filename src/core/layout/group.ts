/** 领导小组: the leading group, and the lists the ledger's dropdowns read. */
import { range } from '../address';
import { GROUP_COLUMN_KEYS, RECTIFICATION_TYPE_KEYS } from '../locale';
import type { CellValue, ColumnSpec, SheetSpec } from '../spec';
import { cleanCellText } from '../text';
import { COLORS, groupPeople, HEADER_STYLE, type LayoutContext, NOTE_STYLE, printSetup, SUBHEADER_STYLE, TITLE_STYLE } from './context';
import { widthForWords } from './measure';

function column(values: string[], rows: number): CellValue[][] {
  return Array.from({ length: rows }, (_, i) => [values[i] ? cleanCellText(values[i]) : null]);
}

export function layoutGroup(ctx: LayoutContext): SheetSpec {
  const { s, campaign, group: g } = ctx;
  const people = groupPeople(campaign);
  const peopleRows: CellValue[][] = people.map(({ role, person }) => [
    s.group.roles[role],
    person?.name ? cleanCellText(person.name) : null,
    person?.position ? cleanCellText(person.position) : null,
    person?.contact ? cleanCellText(person.contact) : null,
  ]);
  const lists = [RECTIFICATION_TYPE_KEYS.map((k) => s.ledger.types[k]), campaign.units, campaign.categories, campaign.owners];
  const listHeaders = [s.group.lists.types, s.group.lists.units, s.group.lists.categories, s.group.lists.owners];
  const lastGroupRow = g.firstRow + g.rows - 1;
  const lastListRow = g.listFirstRow + g.listRows - 1;
  const lastListCol = g.listCol + lists.length - 1;
  // Every text wraps (a long unit name, an English role), and a header word fits its column.
  const fit = (width: number, header: string): ColumnSpec => ({ width: widthForWords(width, [header], true), wrap: true, vAlign: 'middle' });
  const columns: ColumnSpec[] = [
    fit(12, s.group.columns.role),
    fit(12, s.group.columns.name),
    fit(26, s.group.columns.position),
    fit(16, s.group.columns.contact),
    { width: 3 },
    ...listHeaders.map((h, i) => fit([12, 16, 12, 12][i], h)),
  ];

  return {
    key: 'group',
    name: ctx.sheetNames.group,
    hidden: false,
    tabColor: '#7030A0',
    columns,
    blocks: [
      { row: 1, col: 1, values: [[cleanCellText(`${campaign.name} · ${s.titles.group}`)]] },
      { row: 1, col: g.listCol, values: [[s.group.lists.caption]] },
      { row: g.headerRow, col: 1, values: [GROUP_COLUMN_KEYS.map((k) => s.group.columns[k])] },
      { row: g.firstRow, col: 1, values: peopleRows },
      { row: g.headerRow, col: g.listCol, values: [listHeaders] },
      ...lists.map((values, i) => ({ row: g.listFirstRow, col: g.listCol + i, values: column(values, g.listRows) })),
    ],
    styles: [
      { range: range(1, 1, 1, 4), style: TITLE_STYLE },
      { range: range(1, g.listCol, 1, lastListCol), style: NOTE_STYLE },
      { range: range(g.headerRow, 1, g.headerRow, 4), style: HEADER_STYLE },
      { range: range(g.firstRow, 1, lastGroupRow, 4), style: { border: COLORS.border } },
      { range: range(g.firstRow, 1, lastGroupRow, 1), style: { border: COLORS.border, bold: true } },
      { range: range(g.headerRow, g.listCol, g.headerRow, lastListCol), style: SUBHEADER_STYLE },
      { range: range(g.listFirstRow, g.listCol, lastListRow, lastListCol), style: { border: COLORS.border, fill: COLORS.inputFill } },
    ],
    merges: [range(1, 1, 1, 4), range(1, g.listCol, 1, lastListCol)],
    freeze: { rows: g.headerRow, columns: 0 },
    filled: [],
    tables: [],
    validations: [],
    conditionalFormats: [],
    // The people and the lists as filled: the empty rows left for additions do not print.
    print: printSetup(ctx, s.titles.group, [1, g.headerRow], columns, {
      area: range(1, 1, Math.max(g.firstRow + people.length - 1, g.listFirstRow + Math.max(...lists.map((l) => l.length)) - 1), lastListCol),
    }),
    rowHeights: [{ row: 1, height: 28 }],
  };
}
