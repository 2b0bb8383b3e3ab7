/**
 * The leading group (领导小组) in the forms plans use: 由A任组长,B、C任副组长,D、E为成员;
 * 组长:A 副组长:B 成员:C D; A同志任组长; 办公室主任由X同志兼任. Titles (局长, 书记, 同志 …)
 * are removed; names keep the plan's script.
 */
import type { PlanLine } from './text';

export interface GroupNames {
  leader: string[];
  deputies: string[];
  members: string[];
  office: string[];
}

const TITLES = [
  '党组副书记',
  '党委副书记',
  '党组书记',
  '党委书记',
  '党组成员',
  '党委委员',
  '班子成员',
  '纪检组长',
  '办公室主任',
  '常务副局长',
  '常务副县长',
  '副书记',
  '书记',
  '副局长',
  '局长',
  '副主任',
  '主任',
  '副院长',
  '院长',
  '副县长',
  '县长',
  '副区长',
  '区长',
  '副市长',
  '市长',
  '副镇长',
  '镇长',
  '副乡长',
  '乡长',
  '副部长',
  '部长',
  '副处长',
  '处长',
  '副科长',
  '科长',
  '副所长',
  '所长',
  '副站长',
  '站长',
  '副校长',
  '校长',
  '副主席',
  '主席',
  '副总经理',
  '总经理',
  '经理',
  '董事长',
  '调研员',
  '委员',
  '常委',
  '成员',
  '负责人',
  '同志',
  '党组',
  '党委',
  '总支',
  '支部',
  '组长',
  '主管',
].sort((a, b) => b.length - a.length);
const TITLE_RE = new RegExp(TITLES.join('|'), 'g');
// Any Han character, 生僻字 outside the BMP among them (赵𨭎: U+28B4E), counted as characters.
const NAME = /^(?:\p{Script=Han}{2,4}|[Xx×*＊]{2,4}|[A-Z][a-z]+(?: [A-Z][a-z]+)?)$/u;
/** Not people: 各…, 全体…, units and offices, and a party committee before its post (县委常委 leaves 县委). */
const NOT_NAME = /^(各|全体|相关|有关|其他|所有)|科室|部门|单位|办公室|小组|机关|领导|^[县市区省镇乡州盟旗]委$/;
/** 财务科, 区安全站, 园林局: three or four characters ending as units end are a unit, not a person. */
const UNIT_NAME = /^\p{Script=Han}{2,3}(?:局|站|所|处|室|部|委|办|院|队|厅|中心|政府|公司|街道|社区|学校|医院)$/u;
/** 财务科 in a list of units; 王建科 alone is a name. */
const SECTION_NAME = /^\p{Script=Han}{2,3}科$/u;
const SEP = /[、,,;和及与\s]+/;

/** The name inside one list entry ("局长刘克", "刘克同志", "XXX"), as a span of the entry. */
function nameSpan(entry: string): [number, number] | null {
  const titles = [...entry.matchAll(TITLE_RE)];
  const candidates: [number, number][] = [];
  if (titles.length) {
    const last = titles[titles.length - 1];
    candidates.push([(last.index ?? 0) + last[0].length, entry.length]);
    candidates.push([0, titles[0].index ?? 0]);
  } else {
    candidates.push([0, entry.length]);
  }
  for (const [a, b] of candidates) {
    const text = entry.slice(a, b);
    const trimmedStart = text.length - text.trimStart().length;
    const t = text.trim();
    const bare = /^\p{Script=Han}\s+\p{Script=Han}$/u.test(t) ? t.replace(/\s+/g, '') : t;
    if (NAME.test(bare) && !NOT_NAME.test(bare) && !UNIT_NAME.test(bare)) return [a + trimmedStart, a + trimmedStart + t.length];
  }
  return null;
}

/** 王 平, 李　明: a two-character name spaced out to align a list; the spaces are kept as a mark. */
const SPACED_NAME = /(?<![\p{Script=Han}])(\p{Script=Han})(\s+)(\p{Script=Han})(?![\p{Script=Han}])/gu;
const SPACE_MARK = '\u0001';

/** Splits a list ("党组成员徐金荣、潘荣兴、钱平南") and returns its names in the original script. */
function names(line: PlanLine, start: number, end: number): string[] {
  // Titles in parentheses (王建国(局党组书记、局长)) are blanked, keeping every position.
  const simp = line.simp
    .slice(start, end)
    .replace(/\([^)]*\)?/g, (m) => ' '.repeat(m.length))
    .replace(SPACED_NAME, (_m, a: string, gap: string, b: string) => a + SPACE_MARK.repeat(gap.length) + b);
  const out: string[] = [];
  let offset = 0;
  const parts = simp.split(SEP);
  const listOfUnits = parts.some((p) => NOT_NAME.test(p) || UNIT_NAME.test(p));
  for (const part of parts) {
    const at = simp.indexOf(part, offset);
    offset = at + part.length;
    if (!part || /^\d+$/.test(part) || (listOfUnits && SECTION_NAME.test(part))) continue;
    const span = nameSpan(part.replaceAll(SPACE_MARK, ' '));
    if (span) out.push(line.original.slice(start + at + span[0], start + at + span[1]).replace(/\s+/g, ''));
  }
  return out;
}

const KEYWORDS = '(?:(?:常务)?副\\s*组\\s*长|组\\s*长|成\\s*员|组\\s*员|办公室主任|$)';
type Role = keyof GroupNames;
/** [role, pattern]: group 1 is the list of names. */
const PATTERNS: [Role, RegExp][] = [
  ['office', /办公室主任(?:由|为)([^,;。]{1,40}?)(?:同志)?(?:兼任|担任|负责)/g],
  ['office', /(?:^|[,;。])\s*([^,;。:]{1,40}?)(?:同志)?(?:任|兼任|担任)(?:领导小组)?办公室主任/g],
  ['office', new RegExp(`办公室主任\\s*[::]\\s*(.{1,60}?)\\s*(?=${KEYWORDS}|[;。])`, 'g')],
  // 由A任组长,县委常委、副县长B,宣传部长C,副县长D、E任副组长: the deputies run from the leader to 任副组长.
  ['deputies', /(?:任|担任)组长[,,]([^;。:]{1,160}?)(?:同志)?(?:任|担任|为)(?:常务)?副组长/g],
  ['deputies', /(?:^|[,;。])\s*([^,;。:]{1,60}?)(?:同志)?(?:任|担任|为)?(?:常务)?副组长/g],
  ['deputies', /副组长由([^,;。]{1,60}?)(?:同志)?(?:担任|兼任)/g],
  ['deputies', new RegExp(`副\\s*组\\s*长\\s*[::]\\s*(.{1,80}?)\\s*(?=${KEYWORDS}|[;。])`, 'g')],
  ['leader', /由([^,;。]{1,40}?)(?:同志)?(?:任|担任)组长/g],
  ['leader', /(?:^|[,;。])\s*([^,;。:由]{1,40}?)(?:同志)?(?:任|担任)组长/g],
  ['leader', /组长由([^,;。]{1,40}?)(?:同志)?(?:担任|兼任)/g],
  ['leader', new RegExp(`组\\s*长\\s*[::]\\s*(.{1,60}?)\\s*(?=${KEYWORDS}|[;。])`, 'g')],
  ['members', /(?:^|[,;。])\s*([^,;。:]{1,120}?)(?:同志)?(?:为|任)(?:领导小组)?成员/g],
  ['members', /成员由([^;。]{1,120}?)(?:组成|担任)/g],
  ['members', new RegExp(`(?:成|组)\\s*员\\s*[::]\\s*(.{1,200}?)\\s*(?=${KEYWORDS}|[;。])`, 'g')],
  ['members', /组员([^;。:]{1,200}?)(?:等同志)?(?:组成|为成员)/g],
];

/** 成 员:尹健瑜(…) with the list running to the end of the line: more names may follow, one a line. */
const OPEN_MEMBER_LIST = /(?:成|组)\s*员\s*[::][^;。]*$/;
/** A line that is only names, each perhaps with its post in parentheses: 李伟垣(区委宣传部副部长). */
const NAME_TOKEN = '(?:[^\\s、,,;;。:()]{2,4}|[^\\s、,,;;。:()]\\s+[^\\s、,,;;。:()])(?:\\([^)]*\\)?)?';
const NAME_LINE = new RegExp(`^${NAME_TOKEN}(?:[、,,\\s]+${NAME_TOKEN})*$`);

/** Names listed one a line under an open 成员: list, up to the first line that is not only names. */
function continuedMembers(lines: PlanLine[], from: number): string[] {
  const out: string[] = [];
  for (const line of lines.slice(from + 1, from + 60)) {
    const bare = line.simp.replace(/\([^)]*\)?/g, '');
    // A line of names is short; the length also bounds the pattern's backtracking.
    if (line.simp.length > 120 || !NAME_LINE.test(line.simp) || /组\s*长|成\s*员|办公室/.test(bare)) break;
    const found = names(line, 0, line.simp.length);
    const parts = bare
      .replace(SPACED_NAME, '$1$3')
      .split(/[、,,\s]+/)
      .filter((p) => p.trim());
    // Every entry a name, or the line is something else (a heading, a unit list); a lone word
    // without a post in parentheses (提高认识) is more likely a heading than a name.
    if (found.length !== parts.length || (found.length < 2 && !line.simp.includes('('))) break;
    out.push(...found);
  }
  return out;
}

export function findLeadingGroup(lines: PlanLine[]): GroupNames {
  const group: GroupNames = { leader: [], deputies: [], members: [], office: [] };
  for (const [i, line] of lines.entries()) {
    if (!/组\s*长|成\s*员|组\s*员|办公室主任/.test(line.simp)) continue;
    for (const [role, pattern] of PATTERNS) {
      pattern.lastIndex = 0;
      for (const m of line.simp.matchAll(pattern)) {
        const at = m.index ?? 0;
        if (role === 'leader' && /副\s*$/.test(line.simp.slice(Math.max(0, at - 3), at + m[0].search(/组/)))) continue;
        const start = at + m[0].indexOf(m[1]);
        const end = start + m[1].length;
        for (const name of names(line, start, end)) if (!group[role].includes(name) || /^[Xx×*＊]+$/.test(name)) group[role].push(name);
      }
    }
    if (OPEN_MEMBER_LIST.test(line.simp)) for (const name of continuedMembers(lines, i)) if (!group.members.includes(name)) group.members.push(name);
  }
  return group;
}
