import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { buildTree } from '../../build/build-tree.js';
import { isKegcheckError, KegcheckError } from '../../kegcheck-error.js';
import { findKegs } from '../../keg/find-kegs.js';
import { formatValidation } from '../../keg/format-validation.js';
import { validateKeg, type KegValidation } from '../../keg/validate-keg.js';
import { EXIT_FINDINGS, EXIT_OK, type Command } from '../cli-io.js';

// Until the suite runner exists, the main job validates every fixture keg.
// Kegs under a bad-kegs/ folder exist to be rejected, so for them findings
// are the expected outcome and a clean result is the failure.
export const command: Command = {
  summary: 'build the fixture plugins and validate every keg under fixtures/',
  usage: [
    'Usage: kegcheck start [--fixtures DIR] [--out DIR]',
    '',
    'Builds plugins with sources, then validates every keg under DIR (default fixtures/).',
    'Kegs under a bad-kegs/ folder must have findings; every other keg must be clean.',
    'Writes <out>/fixtures-validation.json (default reports/). Exit code 0 when every keg',
    'met its expectation, 1 otherwise.',
  ].join('\n'),
  async run(argv, io) {
    let parsed;
    try {
      parsed = parseArgs({ args: [...argv], options: { fixtures: { type: 'string' }, out: { type: 'string' } } });
    } catch (error) {
      throw new KegcheckError('usage', `${(error as Error).message}\n${command.usage}`, { location: { file: 'kegcheck start' } });
    }
    const fixtures = resolve(io.cwd, parsed.values.fixtures ?? 'fixtures');
    const out = resolve(io.cwd, parsed.values.out ?? 'reports');

    try {
      const built = (await buildTree(fixtures)).filter((o) => o.status === 'built').length;
      io.stdout(`built ${built} fixture plugin${built === 1 ? '' : 's'} from source\n`);
    } catch (error) {
      if (!isKegcheckError(error)) throw error;
      // Validation still says which kegs lack a wasm; the build error says why.
      io.stderr(`kegcheck start: could not build every fixture plugin: ${error.message} [${error.code}]\n`);
    }

    const kegs = await findKegs(fixtures);
    const rows: Array<{ source: string; expect: 'clean' | 'findings'; status: KegValidation['status']; met: boolean; codes: string[] }> = [];
    for (const path of kegs) {
      const source = relative(io.cwd, path) || path;
      const expectBad = source.split(sep).includes('bad-kegs');
      const result = await validateKeg(source, { load: { cwd: io.cwd } });
      const met = expectBad ? result.status !== 'clean' : result.status === 'clean';
      const codes = result.status === 'error' ? [result.error.code] : [...new Set(result.findings.map((f) => f.code))];
      rows.push({ source, expect: expectBad ? 'findings' : 'clean', status: result.status, met, codes });
      if (expectBad && met) io.stdout(`ok    ${source}: rejected as expected [${codes.join(', ')}]\n`);
      else if (met) io.stdout(formatValidation(result));
      else io.stdout(`UNEXPECTED ${expectBad ? 'clean (a bad keg must have findings)' : 'findings'}:\n${formatValidation(result)}`);
    }
    const unmet = rows.filter((r) => !r.met).length;
    await mkdir(out, { recursive: true });
    const reportPath = join(out, 'fixtures-validation.json');
    await writeFile(reportPath, `${JSON.stringify({ fixtures: relative(io.cwd, fixtures) || '.', kegs: rows, unmet }, null, 2)}\n`);
    io.stdout(`\n${rows.length} kegs under ${relative(io.cwd, fixtures) || fixtures}: ${rows.length - unmet} as expected, ${unmet} not; report ${relative(io.cwd, reportPath)}\n`);
    return unmet === 0 ? EXIT_OK : EXIT_FINDINGS;
  },
};
