// Preloaded with `node --import` into a measured process: on exit it writes
// the process's peak resident set (getrusage maxrss, KiB) and its CPU time
// (user + system, µs), worker threads included, to the file named by
// KEGCHECK_BENCH_RSS_FILE, separated by a space.
import { writeFileSync } from 'node:fs';

const file = process.env.KEGCHECK_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`);
  });
}
