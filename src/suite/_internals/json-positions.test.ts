import { describe, expect, it } from 'vitest';
import { jsonPositions, locateInJson } from './json-positions.js';

describe('jsonPositions', () => {
  const text = '{\n  "a/b": [1, {"~k": "x\\"y"}],\n\t"c": {"d": null}\n}';
  const positions = jsonPositions(text);

  it('indexes keys and array items by JSON pointer (escaped segments), 1-based', () => {
    expect(positions.get('')).toEqual({ line: 1, column: 1 });
    expect(positions.get('/a~1b')).toEqual({ line: 2, column: 3 });
    expect(positions.get('/a~1b/0')).toEqual({ line: 2, column: 11 });
    expect(positions.get('/a~1b/1/~0k')).toEqual({ line: 2, column: 15 });
    expect(positions.get('/c/d')).toEqual({ line: 3, column: 8 });
  });

  it('falls back to the nearest ancestor', () => {
    expect(locateInJson(positions, '/c/d/missing/deeper')).toEqual({ line: 3, column: 8 });
    expect(locateInJson(positions, '/nothing')).toEqual({ line: 1, column: 1 });
  });
});
