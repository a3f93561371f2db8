import type { CaseStep, ExpectedLog, GoldenCase } from '../../suite.js';
import { buildHostOptions, stepCallExpectations } from '../build-host-options.js';
import { caseInputProblems } from '../input-schema.js';
import { convertExpect } from './case-expectation.js';
import { functionLookup, type LookupFunction } from './functions-section.js';
import type { SectionContext, Table } from './section-context.js';
import { convertInput } from './step-values.js';
import type { SuiteSection } from './suite-section.js';

// Keys a case may set to override the suite's [host] for its own calls.
const CASE_HOST_KEYS = ['allowed_hosts', 'http', 'http_response_headers', 'max_http_response_bytes', 'max_var_bytes', 'allowed_paths', 'strict_mocks'];

/** `[[cases]]`: golden cases, one call or `[[cases.steps]]` on one instance. */
export const casesSection: SuiteSection = {
  name: '[[cases]]',
  parse: (context, { functions, hostOptions }) => {
    const { root, suiteDir, at, report } = context;
    const lookupFunction = functionLookup(context, functions);
    const cases: GoldenCase[] = [];
    const caseNames = new Set<string>();
    ((root['cases'] ?? []) as Table[]).forEach((raw, index) => {
      const pointer = `/cases/${index}`;
      const steps = raw['steps'] as Table[] | undefined;
      let built: CaseStep[] = [];
      if (steps !== undefined) {
        const stray = ['function', 'input', 'args', 'expect', 'http_requests', 'host_calls'].filter((k) => raw[k] !== undefined);
        if (stray.length > 0) {
          report('suite-case-shape', `${pointer}/${stray[0] ?? ''}`, `a case with steps keeps '${stray.join("', '")}' inside each step`, '[[cases.steps]] tables');
          return;
        }
        const maybe = steps.map((s, j) => buildStep(context, lookupFunction, s, `${pointer}/steps/${j}`, s['function'], `${pointer}/steps/${j}/function`));
        if (maybe.some((s) => s === undefined)) return;
        built = maybe as CaseStep[];
      } else {
        if (raw['function'] === undefined) {
          report('suite-case-shape', pointer, 'a case names the function it calls', 'function = "…" (or steps = [...])');
          return;
        }
        const step = buildStep(context, lookupFunction, raw, pointer, raw['function'], `${pointer}/function`);
        if (step === undefined) return;
        built = [step];
      }
      const first = built[0];
      const name = typeof raw['name'] === 'string' ? raw['name'] : `${first?.function ?? 'case'}#${index + 1}`;
      if (caseNames.has(name)) {
        report('suite-duplicate-case', `${pointer}/name`, `case name '${name}' is used twice; names identify cases in reports and expected_fail`);
        return;
      }
      caseNames.add(name);
      cases.push({
        index,
        name,
        stateful: raw['stateful'] === true || built.length > 1,
        steps: built,
        ...(raw['config'] === undefined ? {} : { config: raw['config'] as Record<string, string> }),
        ...(typeof raw['timeout_ms'] === 'number' ? { timeoutMs: raw['timeout_ms'] } : {}),
        ...(CASE_HOST_KEYS.some((k) => raw[k] !== undefined) ? { host: buildHostOptions(raw, suiteDir, at, report, pointer, hostOptions) } : {}),
        at: at(pointer),
      });
    });
    return { cases };
  },
};

function buildStep(
  { suiteDir, at, report }: SectionContext,
  lookupFunction: LookupFunction,
  step: Table,
  pointer: string,
  functionName: unknown,
  functionPointer: string,
): CaseStep | undefined {
  const fn = lookupFunction(functionName, functionPointer);
  if (fn === undefined) return undefined;
  if (step['expect'] === undefined) {
    report('suite-case-shape', pointer, 'a case needs an expect table', 'expect = { json | text | bytes | returns | error | file | outcome = … }');
    return undefined;
  }
  const input = convertInput(report, fn, step, pointer);
  const expect = convertExpect(report, suiteDir, fn, step['expect'] as Table, `${pointer}/expect`);
  if (input === undefined || expect === undefined) return undefined;
  // A case that contradicts its own function's contract is the suite's mistake.
  const broken = caseInputProblems(fn, input[0]);
  if (broken.length > 0) {
    for (const v of broken) report('suite-input-schema-case', `${pointer}/input${v.instancePath}`, `input breaks input_schema of '${fn.name}': '${v.keyword}' ${v.message} (schema ${v.schemaPath})`, 'an input input_schema accepts');
    return undefined;
  }
  return {
    function: fn.name,
    input,
    expect,
    ...(typeof step['tolerance'] === 'number' ? { tolerance: step['tolerance'] } : {}),
    ...(Array.isArray(step['prints']) ? { prints: step['prints'] as string[] } : {}),
    ...(Array.isArray(step['logs']) ? { logs: step['logs'] as ExpectedLog[] } : {}),
    ...(Array.isArray(step['static_reads']) ? { staticReads: step['static_reads'] as string[] } : {}),
    ...stepCallExpectations(step),
    at: at(pointer),
  };
}
