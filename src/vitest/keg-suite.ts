import { isAbsolute, relative, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadKeg } from '../keg/load-keg.js';
import { replayCommand } from '../report/replay-command.js';
import type { Keg } from '../keg/keg.js';
import type { SuiteLoadResult } from '../suite/load-suite.js';
import { loadSuiteSource } from '../suite/load-suite-source.js';
import { suiteNameOf } from '../suite/resolve-suite-source.js';
import type { CheckResult, PluginResult, SuiteResult } from '../model/result.js';
import { formatFinding } from '../format-finding.js';
import { plannedPlugins, randomSeed, runSuite } from '../suite/run-suite.js';
import { assertCheck } from './_internals/assert-check.js';

/** Options of `kegSuite`, mirroring `kegcheck run`. */
export interface KegSuiteOptions {
  /** Only this plugin of the keg (default: every plugin of the suite's type). */
  readonly plugin?: string;
  /** fast-check seed (default: random; it is part of every property test's name). */
  readonly seed?: number;
  /** Overrides every property's `runs`. */
  readonly runs?: number;
  /** Per-call deadline in ms, overriding the suite's. */
  readonly timeoutMs?: number;
  /** Reference keg for `matches_reference`, overriding the suite's. */
  readonly reference?: string;
}

function absolute(path: string): string {
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}

/**
 * Registers one vitest test per check of a conformance suite against a keg:
 * `interface` (the static checks), then one per golden case and property, per
 * plugin. The suite runs once (on the first test) through the real plugins;
 * each test then reports its check, mismatches through
 * `expect(actual).toEqual(expected)` so vitest's diff and reporters (JUnit
 * included) show them unchanged. Call it at the top level of a test file.
 *
 * @example
 * ```ts
 * import { kegSuite } from 'kegcheck/vitest';
 * kegSuite('conformance/vowelcounter.suite.toml', 'path/to/my-keg');
 * kegSuite('@acme/vowelcounter-suite', 'path/to/my-keg'); // an installed suite package
 * ```
 */
export function kegSuite(suiteFile: string, kegPath: string, options: KegSuiteOptions = {}): void {
  const seed = options.seed ?? randomSeed();
  // Names relative to the working folder keep test ids stable across machines.
  const shown = (path: string): string => (isAbsolute(path) ? relative(process.cwd(), path) || '.' : path);
  describe(`${shown(suiteFile)} × ${shown(kegPath)}`, async () => {
    let results: readonly SuiteLoadResult[];
    try {
      results = (await loadSuiteSource(suiteFile, { cwd: process.cwd() })).results;
    } catch (error) {
      test('suite resolves', () => {
        throw error;
      });
      return;
    }
    const [only, ...more] = results;
    if (only !== undefined && more.length === 0) {
      await registerSuite(only, kegPath, options, seed);
      return;
    }
    for (const loaded of results) describe(suiteNameOf(loaded.kind === 'ok' ? loaded.suite.file : loaded.file), () => registerSuite(loaded, kegPath, options, seed));
  });
}

// Registers the tests of one loaded suite against the keg (see kegSuite).
async function registerSuite(loaded: SuiteLoadResult, kegPath: string, options: KegSuiteOptions, seed: number): Promise<void> {
  const shown = (path: string): string => (isAbsolute(path) ? relative(process.cwd(), path) || '.' : path);
  if (loaded.kind === 'invalid') {
    test('suite file is valid', () => {
      expect.fail(loaded.findings.map((f) => formatFinding(f)).join('\n'));
    });
    return;
  }
  const suite = loaded.suite;
  const suiteFile = suite.file;
  let keg: Keg;
  try {
    keg = await loadKeg(absolute(kegPath));
  } catch (error) {
    test('keg loads', () => {
      throw error;
    });
    return;
  }
  afterAll(() => keg.dispose());
  const target = options.plugin === undefined ? { keg } : { keg, plugin: options.plugin };
  let run: Promise<SuiteResult> | undefined;
  const result = async (plugin: string): Promise<PluginResult> => {
    run ??= runSuite(suite, [target], {
      seed,
      ...(options.runs === undefined ? {} : { runs: options.runs }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.reference === undefined ? {} : { reference: options.reference }),
    });
    const found = (await run).plugins.find((p) => p.plugin.name === plugin);
    if (found === undefined) throw new Error(`the run produced no result for plugin '${plugin}'`);
    return found;
  };
  const replay = (plugin: string, check: CheckResult): string => replayCommand({ suiteFile: shown(suiteFile), kegSource: shown(kegPath), plugin }, check);

  let plugins: ReturnType<typeof plannedPlugins>;
  try {
    plugins = plannedPlugins(suite, target);
  } catch (error) {
    test('plugin exists', () => {
      throw error;
    });
    return;
  }
  for (const plugin of plugins) {
    describe(plugin.name, () => {
      test('interface', async () => {
        const r = await result(plugin.name);
        const failing = r.checks.filter((c) => c.kind === 'interface' && c.status !== 'pass' && c.status !== 'xfail');
        expect(failing.map((c) => `${c.id}: ${c.status}: ${c.message ?? c.name}`)).toEqual([]);
      });
      for (const c of suite.cases) {
        test(`case: ${c.name}`, async (ctx) => {
          const check = (await result(plugin.name)).checks.find((x) => x.id === `case:${c.name}`);
          if (check === undefined) throw new Error(`no result for case '${c.name}'`);
          if (check.status === 'skip') ctx.skip(check.message);
          if (check.status === 'xfail') await ctx.annotate(`expected failure: ${check.expectedFailReason ?? ''}`, 'notice');
          assertCheck(check, replay(plugin.name, check));
        });
      }
      for (const p of suite.properties) {
        test(`property: ${p.name} (seed ${seed})`, async (ctx) => {
          const check = (await result(plugin.name)).checks.find((x) => x.id === `property:${p.name}`);
          if (check === undefined) throw new Error(`no result for property '${p.name}'`);
          if (check.status === 'skip') ctx.skip(check.message);
          if (check.status === 'xfail') await ctx.annotate(`expected failure: ${check.expectedFailReason ?? ''}`, 'notice');
          assertCheck(check, replay(plugin.name, check));
        });
      }
    });
  }
}
