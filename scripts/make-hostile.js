#!/usr/bin/env node
/**
 * Writes the regression folder of issue 23 (src/bench/hostile-files.ts, built into dist by
 * `npm run build:cli`) into a folder, with a README of what each file is and what must come of it:
 *
 *   node scripts/make-hostile.js DIR [--only id,id]
 */
const fs = require('node:fs');
const path = require('node:path');
const { CASES } = require('../dist/bench/hostile-files.js');

const dir = process.argv[2];
if (!dir || dir.startsWith('--')) {
  process.stderr.write('usage: node scripts/make-hostile.js DIR [--only id,id]\n');
  process.exit(2);
}
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : null;
fs.mkdirSync(dir, { recursive: true });
const lines = ['# The regression folder of issue 23', '', '| file | command | reproduces | must |', '|---|---|---|---|'];
for (const c of CASES) {
  if (only && !only.includes(c.id)) continue;
  const must = c.expect.ok ? 'be done, every other part byte for byte' : `be refused: ${c.expect.message}`;
  if (c.file.startsWith('/dev/') || c.file === '-') {
    lines.push(`| (${c.file}) | ${c.command} | ${c.issue} | ${must} |`);
    continue;
  }
  fs.writeFileSync(path.join(dir, c.file), c.make());
  lines.push(`| ${c.file} | ${c.command} | ${c.issue} | ${must} |`);
}
fs.writeFileSync(path.join(dir, 'README.md'), `${lines.join('\n')}\n`);
process.stdout.write(`wrote ${lines.length - 4} cases to ${dir}\n`);
