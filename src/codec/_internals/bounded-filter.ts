import fc from 'fast-check';

/**
 * `arbitrary.filter(predicate)` that gives up: fast-check's own filter loops
 * for ever when nothing passes, which for an unsatisfiable schema would hang
 * the run. After `tries` rejected candidates in a row, generation throws
 * `exhausted()`. Shrinking keeps only candidates that pass.
 */
export function boundedFilter<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => boolean, tries: number, exhausted: () => Error): fc.Arbitrary<T> {
  return new BoundedFilter(arbitrary, predicate, tries, exhausted);
}

class BoundedFilter<T> extends fc.Arbitrary<T> {
  constructor(
    private readonly arbitrary: fc.Arbitrary<T>,
    private readonly predicate: (value: T) => boolean,
    private readonly tries: number,
    private readonly exhausted: () => Error,
  ) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    for (let i = 0; i < this.tries; i++) {
      const candidate = this.arbitrary.generate(mrng, biasFactor);
      if (this.predicate(candidate.value_)) return candidate;
    }
    throw this.exhausted();
  }

  canShrinkWithoutContext(value: unknown): value is T {
    return this.arbitrary.canShrinkWithoutContext(value) && this.predicate(value);
  }

  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.arbitrary.shrink(value, context).filter((candidate) => this.predicate(candidate.value_));
  }
}
