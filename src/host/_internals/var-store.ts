import type { CallContext } from '@extism/extism';
import { HostLimitError } from './host-limit-error.js';

/**
 * Extism vars (`var_get` / `var_set`) kept by kegcheck rather than the SDK,
 * so that `max_var_bytes` can be enforced as Extism enforces it: the total
 * size of all values after the set, against the limit, failing the call
 * with Extism's message. They live as long as the instance (cleared for a
 * fresh one) and, unlike the SDK's, survive the session's periodic reset.
 */
export class VarStore {
  readonly #values = new Map<string, Uint8Array>();
  readonly #max: number | undefined;
  #bytes = 0;

  constructor(maxVarBytes: number | undefined) {
    this.#max = maxVarBytes;
  }

  clear(): void {
    this.#values.clear();
    this.#bytes = 0;
  }

  functions(): Record<string, (ctx: CallContext, ...args: never[]) => unknown> {
    return {
      var_get: (ctx: CallContext, keyOffset: bigint) => {
        const key = ctx.read(keyOffset);
        if (key === null) return 0n;
        const value = this.#values.get(key.string());
        return value === undefined ? 0n : ctx.store(value);
      },
      var_set: (ctx: CallContext, keyOffset: bigint, valueOffset: bigint) => {
        const key = ctx.read(keyOffset);
        if (key === null) return;
        const name = key.string();
        const current = this.#values.get(name)?.byteLength ?? 0;
        if (valueOffset === 0n) {
          this.#values.delete(name);
          this.#bytes -= current;
          return;
        }
        const value = ctx.read(valueOffset)?.bytes();
        if (value === undefined) return;
        const total = this.#bytes - current + value.byteLength;
        if (this.#max !== undefined && total > this.#max) {
          throw new HostLimitError('memory-limit', `var memory limit exceeded: ${total} bytes requested, ${this.#max} allowed`);
        }
        this.#values.set(name, value.slice());
        this.#bytes = total;
      },
    };
  }
}
