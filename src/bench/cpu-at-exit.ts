/** Preloaded (`node -r`) by the flag-ratio bench: the process's CPU time at exit, into CL_BENCH_CPU_FILE. */
import fs from 'node:fs';

const file = process.env.CL_BENCH_CPU_FILE;
if (file) process.on('exit', () => fs.writeFileSync(file, JSON.stringify(process.cpuUsage())));
