import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { watchAbort } from './abort-fanout.js';

describe('watchAbort', () => {
  it('puts one listener on the signal however many watch it, calls each watcher once, and not the ones that stopped', () => {
    const controller = new AbortController();
    const called: number[] = [];
    const stops = Array.from({ length: 25 }, (_, i) => watchAbort(controller.signal, () => called.push(i)));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    stops[3]?.();
    // The same function watched twice counts twice.
    const twice = (): void => {
      called.push(100);
    };
    watchAbort(controller.signal, twice);
    watchAbort(controller.signal, twice);
    controller.abort();
    controller.abort();
    expect(called.filter((i) => i < 100)).toEqual(Array.from({ length: 25 }, (_, i) => i).filter((i) => i !== 3));
    expect(called.filter((i) => i === 100)).toHaveLength(2);
  });
});
