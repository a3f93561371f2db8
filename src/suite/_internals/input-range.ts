import type { Signature } from '../../codec/signature.js';
import type { CheckResult } from '../../model/result.js';

// What a property's generated inputs actually spanned, per argument: the
// shortest and longest string (code points) or bin (bytes), the smallest and
// largest number. Reported with the check so an author can see whether the
// runs reached the limits the suite declares.

/** One argument's span, as InputRange.spans() hands it on. */
export interface Span {
  unit: 'code points' | 'bytes' | '';
  low: number | bigint;
  high: number | bigint;
}

export class InputRange {
  readonly #spans = new Map<string, Span>();

  #widen(name: string, unit: Span['unit'], value: number | bigint): void {
    if (typeof value === 'number' && Number.isNaN(value)) return;
    const span = this.#spans.get(name);
    if (span === undefined) {
      this.#spans.set(name, { unit, low: value, high: value });
      return;
    }
    if (value < span.low) span.low = value;
    if (value > span.high) span.high = value;
  }

  #observeOne(name: string, value: unknown): void {
    if (typeof value === 'string') this.#widen(name, 'code points', countCodePoints(value));
    else if (value instanceof Uint8Array) this.#widen(name, 'bytes', value.length);
    else if (typeof value === 'bigint' || typeof value === 'number') this.#widen(name, '', value);
  }

  /** Records one generated input of `signature`; `prefix` names the function when several share a property. */
  observe(signature: Signature, values: unknown, prefix = ''): void {
    if (signature.kind === 'packed') {
      if (!Array.isArray(values)) return;
      signature.fields.forEach((f, i) => this.#observeOne(`${prefix}${f.name}`, values[i]));
    } else if (signature.framing === 'string' || signature.framing === 'bytes') {
      this.#observeOne(`${prefix}input`, values);
    }
  }

  /** "inputs covered: s 0–16 code points, n -5…1000", or undefined when nothing was observed. */
  note(): string | undefined {
    if (this.#spans.size === 0) return undefined;
    const parts = [...this.#spans].map(([name, s]) => (s.unit === '' ? `${name} ${formatNumber(s.low)}…${formatNumber(s.high)}` : `${name} ${String(s.low)}–${String(s.high)} ${s.unit}`));
    return `inputs covered: ${parts.join(', ')}`;
  }

  /** Every span, in the order first observed: what a worker that drew the inputs sends back. */
  spans(): [string, Span][] {
    return [...this.#spans].map(([name, s]) => [name, { ...s }]);
  }

  /** Widens by spans observed elsewhere (spans() of another range), keeping their order for new names. */
  absorb(spans: readonly (readonly [string, Span])[]): void {
    for (const [name, s] of spans) {
      const own = this.#spans.get(name);
      if (own === undefined) {
        this.#spans.set(name, { ...s });
        continue;
      }
      this.#widen(name, s.unit, s.low);
      this.#widen(name, s.unit, s.high);
    }
  }

  /** The span of one argument (for tests and reporters). */
  span(name: string): { low: number | bigint; high: number | bigint } | undefined {
    const s = this.#spans.get(name);
    return s === undefined ? undefined : { low: s.low, high: s.high };
  }
}

function countCodePoints(text: string): number {
  // Code units, less one per surrogate pair.
  let n = text.length;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n -= 1;
  }
  return n;
}

function formatNumber(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  return Object.is(value, -0) ? '-0' : String(value);
}

/** The check with what its inputs covered among its notes (a skipped check generated nothing). */
export function withRangeNote<T extends CheckResult>(check: T, range: InputRange): T {
  const note = range.note();
  if (note === undefined || check.status === 'skip') return check;
  return { ...check, notes: [...(check.notes ?? []), note] };
}
