import { describe, expect, it } from 'vitest';
import type { CallResult } from '../../host/plugin-spec.js';
import { CoverageTracker, CoveredCallsRecorder } from './coverage-tracker.js';

function fetched(city: string): CallResult {
  return { kind: 'ok', output: new Uint8Array(0), elapsedMs: 0, prints: [], logs: [], staticReads: [], hostCalls: [], httpRequests: [{ method: 'GET', url: `https://api.example/${city}`, outcome: 'answered', status: 200 }] };
}

const CITIES = Array.from({ length: 30 }, (_, i) => `city${String(i).padStart(2, '0')}`);

describe('CoverageTracker HTTP lines', () => {
  it('lists the same lines whatever order the calls reached it in (batches end in any order on two workers)', () => {
    const inOrder = new CoverageTracker([], []);
    for (const city of CITIES) inOrder.recordCall('forecast', fetched(city));
    const reversed = new CoverageTracker([], []);
    const recorder = new CoveredCallsRecorder();
    for (const city of [...CITIES].reverse()) recorder.record('forecast', fetched(city));
    reversed.absorb(recorder.take());
    expect(reversed.snapshot()).toEqual(inOrder.snapshot());
  });

  it('keeps the first 20 distinct lines in sorted order and counts the rest, a repeat counted once', () => {
    const tracker = new CoverageTracker([], []);
    for (const city of [...CITIES].reverse()) tracker.recordCall('forecast', fetched(city));
    tracker.recordCall('forecast', fetched('city29'));
    const lines = tracker.snapshot().httpRequests ?? [];
    expect(lines.slice(0, 20)).toEqual(CITIES.slice(0, 20).map((c) => `GET https://api.example/${c}`));
    expect(lines[20]).toBe('… 10 more distinct requests');
    expect(lines).toHaveLength(21);
  });
});
