import { fileURLToPath } from 'node:url';
import type { PluginSpec } from '../plugin-spec.js';

/** fixtures/hostile, where the host's test plugins live (compiled by the vitest global setup). */
export const HOSTILE_FIXTURES = fileURLToPath(new URL('../../../fixtures/hostile/', import.meta.url));

/** A PluginSpec for `fixtures/hostile/<keg>/plugins/<plugin>`, for tests and the bench. */
export function fixtureSpec(keg: 'hostile-keg' | 'probe-keg', plugin: string, extra: Partial<PluginSpec> = {}): PluginSpec {
  const kegRoot = `${HOSTILE_FIXTURES}${keg}`;
  const pluginDir = `${kegRoot}/plugins/${plugin}`;
  return { wasmPath: `${pluginDir}/plugin.wasm`, pluginDir, kegRoot, ...extra };
}

export const text = (value: string): Uint8Array => new TextEncoder().encode(value);
export const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
