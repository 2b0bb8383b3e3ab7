/**
 * The plan importer's curves, for `npm run bench` (and `-- --plans`): input size against time, so
 * that a quadratic step shows as a curve that bends. Three inputs:
 * - plan text: the real plans repeated up to 0.25, 0.5, 1 and 2 million characters;
 * - hostile text: 8,000 to 32,000 lines each ending in 至 and starting with one (a line broken
 *   inside a date range, the join the reader makes);
 * - a Word document whose 时间安排 table holds 1,000 to 50,000 rows (read and parsed).
 * Times are the median of a few runs, wall clock and CPU: the CPU time is the steadier figure on a
 * shared machine.
 */
import { strToU8, zipSync } from 'fflate';
import { parsePlan } from '../core/plan';
import { docxText } from '../docx/plan-text';

interface Point {
  size: number;
  ms: number;
  cpuMs: number;
}

function measure(runs: number, fn: () => void): { ms: number; cpuMs: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    fn();
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { ms: Math.round(median(wall)), cpuMs: Math.round(median(cpu)) };
}

/** A Word document with a 时间安排 table of `rows` rows, as Word writes one (one paragraph a cell). */
export function scheduleTableDocx(rows: number): Uint8Array {
  const cell = (t: string) => `<w:tc><w:p><w:r><w:t>${t}</w:t></w:r></w:p></w:tc>`;
  const row = (cells: string[]) => `<w:tr>${cells.map(cell).join('')}</w:tr>`;
  const body = [
    '<w:p><w:r><w:t>某县2023年专项整治工作实施方案</w:t></w:r></w:p>',
    '<w:p><w:r><w:t>四、时间安排</w:t></w:r></w:p>',
    '<w:tbl>',
    row(['阶段', '时间', '主要任务']),
  ];
  for (let i = 0; i < rows; i++) {
    const m = (i % 11) + 1;
    body.push(row([`第${i + 1}项整治`, `${m}月${(i % 27) + 1}日至${m + 1}月${(i % 27) + 1}日`, `排查问题${i + 1};建立台账`]));
  }
  body.push('</w:tbl>');
  const xml = `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body.join('')}</w:body></w:document>`;
  return zipSync({ 'word/document.xml': strToU8(xml) });
}

export function planCurves(samples: string[]): Record<string, unknown> {
  const all = samples.join('\n');
  const text: Point[] = [250_000, 500_000, 1_000_000, 2_000_000].map((size) => {
    const input = all.repeat(Math.ceil(size / all.length)).slice(0, size);
    return { size, ...measure(3, () => parsePlan(input)) };
  });
  const broken: Point[] = [8_000, 16_000, 32_000].map((size) => {
    const input = Array.from({ length: size }, (_, i) => `至各单位要按时报送第${i}项工作的有关材料以便汇总至`).join('\n');
    return { size, ...measure(3, () => parsePlan(input)) };
  });
  let docxPhases = 0;
  const docx = [1_000, 5_000, 20_000, 50_000].map((rows) => {
    const bytes = scheduleTableDocx(rows);
    const t = measure(rows > 20_000 ? 1 : 3, () => {
      docxPhases = parsePlan(docxText(bytes)).phases.length;
    });
    return { rows, bytes: bytes.length, phases: docxPhases, ...t };
  });
  const perUnit = (points: Point[], unit: number) => points.map((p) => Math.round((p.cpuMs / p.size) * unit * 100) / 100);
  return {
    textChars: text,
    textCpuMsPerMillionChars: perUnit(text, 1e6),
    linesEndingInZhi: broken,
    linesEndingInZhiCpuMsPerThousandLines: perUnit(broken, 1e3),
    docxScheduleRows: docx,
    docxCpuMsPerThousandRows: perUnit(
      docx.map((d) => ({ size: d.rows, ms: d.ms, cpuMs: d.cpuMs })),
      1e3,
    ),
    docxGoal: 'a .docx whose schedule table holds 5,000 rows in under 5 s',
    docx5000RowsMeetsGoal: (docx.find((d) => d.rows === 5_000)?.ms ?? Infinity) < 5_000,
  };
}
