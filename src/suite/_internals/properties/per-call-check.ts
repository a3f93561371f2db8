import type { PropertySpec, SuiteFunction } from '../../suite.js';
import type { CallablePlugin } from '../plugin-context.js';
import type { UserModule } from '../user-module.js';
import type { Evaluate, LenientTally } from './run-failure.js';

/** The property checks judged one run at a time from the run's own calls. */
export type PerCallCheckName = 'roundtrip' | 'conforms' | 'deterministic' | 'oracle' | 'matches_reference';

/**
 * What a per-call check is prepared with. The same on the main thread and in
 * the worker that calls the plugin (worker-property.ts): nothing here may
 * depend on which thread it is.
 */
export interface PerCallEnv {
  readonly p: PropertySpec;
  readonly fn: SuiteFunction;
  readonly timeoutMs: number | undefined;
  /** The suite file, which names user modules in messages. */
  readonly suiteFile: string;
  readonly target: CallablePlugin;
  readonly reference: { readonly plugin: CallablePlugin; readonly label: string } | undefined;
  readonly tally: LenientTally;
  /** User modules the check opened (an oracle): closed when the property ends. */
  readonly opened: UserModule[];
}

/** One property check: prepares the judge of one run, or says why it cannot run. */
export interface PerCallCheck {
  prepare(env: PerCallEnv): Promise<{ ok: true; evaluate: Evaluate } | { ok: false; message: string }>;
}
