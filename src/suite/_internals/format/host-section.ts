import type { HostFunctionSpec, HostSettings, SuiteValue } from '../../suite.js';
import { buildHostOptions } from '../build-host-options.js';
import { convertField } from '../suite-values.js';
import type { Table } from './section-context.js';
import type { SuiteSection } from './suite-section.js';

/**
 * `[host]` manifest options (allowed hosts, HTTP mocks, paths, limits). Read
 * first: cases with host keys of their own start from them.
 */
export const hostOptionsSection: SuiteSection = {
  name: '[host]',
  parse: ({ hostTable, suiteDir, at, report }) => ({
    hostOptions: { ...buildHostOptions(hostTable, suiteDir, at, report), wasi: hostTable['wasi'] === true },
  }),
};

/** `[[host.functions]]` mocks and the rest of `[host]`: the HostSettings every call runs under. */
export const hostSection: SuiteSection = {
  name: '[[host.functions]]',
  parse: ({ hostTable, report }, { hostOptions }) => {
    const hostFunctions: HostFunctionSpec[] = [];
    ((hostTable['functions'] ?? []) as Table[]).forEach((raw, i) => {
      const returns = raw['returns'] as HostFunctionSpec['returns'];
      let value: SuiteValue | undefined;
      if (raw['value'] !== undefined) {
        if (returns === 'none') {
          report('suite-value', `/host/functions/${i}/value`, 'a mock returning none takes no value');
          return;
        }
        const converted = convertField(returns, raw['value']);
        if (!converted.ok) {
          report('suite-value', `/host/functions/${i}/value`, `mock value does not fit its type ${returns}`, converted.expected);
          return;
        }
        value = converted.value;
      }
      hostFunctions.push({ name: raw['name'] as string, returns, ...(value === undefined ? {} : { value }) });
    });
    const host: HostSettings = {
      ...(typeof hostTable['timeout_ms'] === 'number' ? { timeoutMs: hostTable['timeout_ms'] } : {}),
      ...(typeof hostTable['max_memory_pages'] === 'number' ? { maxMemoryPages: hostTable['max_memory_pages'] } : {}),
      ...(typeof hostTable['max_output_bytes'] === 'number' ? { maxOutputBytes: hostTable['max_output_bytes'] } : {}),
      config: (hostTable['config'] ?? {}) as Record<string, string>,
      functions: hostFunctions,
      ...hostOptions,
      wasi: hostTable['wasi'] === true,
    };
    return { host };
  },
};
