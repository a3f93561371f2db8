import type { PluginSpec } from '../../../../host/plugin-spec.js';
import type { Keg, KegPlugin } from '../../../../keg/keg.js';
import type { CheckResult, CheckStatus } from '../../../../model/result.js';
import type { Suite } from '../../../suite.js';

/** What the static checks look at, and what earlier checks leave for later ones. */
export interface InterfaceCheckInput {
  readonly suite: Suite;
  readonly keg: Keg;
  readonly plugin: KegPlugin;
  readonly spec: Omit<PluginSpec, 'wasmPath'>;
  /** The module's bytes once the wasm check has read and validated them. */
  bytes?: Uint8Array;
  /** Suite functions the plugin does not export with the Extism shape. */
  readonly unusable: Set<string>;
}

export interface InterfaceVerdict {
  readonly status: CheckStatus;
  readonly message?: string;
  readonly extra?: Partial<CheckResult>;
  /** Later checks cannot run (the module could not be read): no call runs either. */
  readonly stop?: boolean;
}

/** One static check of a plugin before any call; its result id is `interface:<id>`. */
export interface InterfaceCheck {
  readonly id: string;
  readonly name: string;
  readonly run: (input: InterfaceCheckInput) => InterfaceVerdict | Promise<InterfaceVerdict>;
}

export const passOrFail = (ok: boolean, message: () => string, extra?: Partial<CheckResult>): InterfaceVerdict => ({
  status: ok ? 'pass' : 'fail',
  ...(ok ? {} : { message: message() }),
  ...(extra === undefined ? {} : { extra }),
});
