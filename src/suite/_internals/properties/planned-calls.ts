import type { CallRequest } from '../../../host/plugin-spec.js';
import type { PropertySpec, SuiteFunction } from '../../suite.js';

/** The calls of one run, for the plugin and (matches_reference) the reference. */
export interface PlannedCalls {
  plugin: CallRequest[];
  reference?: CallRequest[];
}

// Unless the property asks for a fresh instance per run, a run's calls are
// marked to continue an instance: batched, a batch's first call starts it;
// sent alone (shrinking), the supervisor starts each list's first call fresh.
function request(timeoutMs: number | undefined, p: PropertySpec, fn: string, input: Uint8Array, fresh = p.freshInstance): CallRequest {
  return {
    fn,
    input,
    fresh,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(p.config === undefined ? {} : { config: p.config }),
  };
}

/** The calls one run makes: deterministic calls twice on one instance; matches_reference also calls the reference. */
export function plannedCalls(timeoutMs: number | undefined, p: PropertySpec, fn: SuiteFunction, input: Uint8Array): PlannedCalls {
  if (p.check === 'deterministic') return { plugin: [request(timeoutMs, p, fn.name, input), request(timeoutMs, p, fn.name, input, false)] };
  const one = [request(timeoutMs, p, fn.name, input)];
  return p.check === 'matches_reference' ? { plugin: one, reference: one } : { plugin: one };
}
