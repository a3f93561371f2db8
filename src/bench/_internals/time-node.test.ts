import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTempDir } from '../../build/_internals/make-temp-dir.js';
import { median, timeNode } from './time-node.js';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('time');
});
afterEach(async () => {
  await temp.cleanup();
});

it('reports the peak RSS of the measured process, which follows what it allocated', async () => {
  const small = await timeNode(['-e', 'process.stdout.write("ok")'], { cwd: temp.dir, workDir: temp.dir });
  const big = await timeNode(['-e', 'const b = Buffer.alloc(200 * 2 ** 20, 1); process.stdout.write(String(b[5]))'], { cwd: temp.dir, workDir: temp.dir });
  expect(small).toMatchObject({ exitCode: 0, stdout: 'ok' });
  expect(big.stdout).toBe('1');
  expect(small.maxRssKb).toBeGreaterThan(10_000);
  expect(big.maxRssKb - small.maxRssKb).toBeGreaterThan(150 * 1024);
  expect(small.wallMs).toBeGreaterThan(0);
});

it('reports the CPU time of the measured process, which follows the work it did', async () => {
  const idle = await timeNode(['-e', 'setTimeout(() => {}, 300)'], { cwd: temp.dir, workDir: temp.dir });
  const busy = await timeNode(['-e', 'const end = process.cpuUsage().user + 300_000; while (process.cpuUsage().user < end);'], { cwd: temp.dir, workDir: temp.dir });
  expect(idle.cpuMs).toBeGreaterThan(0);
  expect(busy.cpuMs - idle.cpuMs).toBeGreaterThan(200);
});

it('returns the exit code and output of a failing process', async () => {
  const run = await timeNode(['-e', 'process.stderr.write("nope"); process.exit(3)'], { cwd: temp.dir, workDir: temp.dir });
  expect(run).toMatchObject({ exitCode: 3, stderr: 'nope' });
});

it('takes the median of odd and even counts', () => {
  expect(median([5, 1, 3])).toBe(3);
  expect(median([4, 1, 3, 2])).toBe(2.5);
});
