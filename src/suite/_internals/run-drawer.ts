import fc from 'fast-check';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { xorshift128plus } from 'pure-rand/generator/xorshift128plus';

// The values fc.sample(arbitrary, { seed, path: String(from) }) gives for runs
// [from, from + count), drawn as fast-check draws them: the random generator
// of run i is the seed's xorshift128plus (fast-check's default) jumped i + 1
// times, handed to the arbitrary with the bias of run i. fc.sample reaches run
// `from` through a stream that drops the runs before it and then passes every
// value through a generator per element; drawing here keeps the generator's
// place between draws, so a property's runs cost one jump each and nothing more.

/** fast-check's seed qualification (QualifiedParameters.readSeed). */
function qualifiedSeed(seed: number): number {
  const seed32 = seed | 0;
  if (seed === seed32) return seed32;
  return seed32 ^ ((seed - seed32) * 0x100000000);
}

/** fast-check's bias of run `runId` (runIdToFrequency): 2 + ⌊log10(runId + 1)⌋, computed as fast-check computes it. */
function biasOf(runId: number): number {
  return 2 + ~~(Math.log(runId + 1) * 0.4342944819032518);
}

/** Draws a property's runs in order, from a given run on, each value exactly as fc.sample draws it. */
export class RunDrawer<T> {
  readonly #arbitrary: fc.Arbitrary<T>;
  readonly #rng: JumpableRandomGenerator;
  #next = 0;

  constructor(arbitrary: fc.Arbitrary<T>, seed: number, from = 0) {
    this.#arbitrary = arbitrary;
    this.#rng = xorshift128plus(qualifiedSeed(seed));
    this.skipTo(from);
  }

  /** The run the next draw starts at. */
  get next(): number {
    return this.#next;
  }

  /** Moves on to run `run` without drawing the runs before it (one jump each). */
  skipTo(run: number): void {
    for (; this.#next < run; this.#next += 1) this.#rng.jump();
  }

  /** The values of the next `count` runs. */
  draw(count: number): T[] {
    const out: T[] = [];
    for (let i = 0; i < count; i += 1, this.#next += 1) {
      this.#rng.jump();
      // fc.Random works on its own copy: the jumps alone move this generator on.
      out.push(this.#arbitrary.generate(new fc.Random(this.#rng), biasOf(this.#next)).value_);
    }
    return out;
  }
}
