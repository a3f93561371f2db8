import { describe, expect, it } from 'vitest';
import { KegcheckError } from '../kegcheck-error.js';
import { parseTomlDocument, pointerToKeyPath } from './toml-document.js';

const KEG = `# a keg manifest
[package]
name = "demo"
version = "1.0.0"

[[plugins]]
name = "first"
type = "kegs.testing.one"

[[plugins]]
name   = "second"
  type = "kegs.testing.two"
tags = ["a", { deep = "x" }]
inline = { x.y = 3 }

[plugins.extra]
z = true
`;

describe('parseTomlDocument', () => {
  it('returns the parsed values', () => {
    const doc = parseTomlDocument(KEG, 'keg.toml');
    expect(doc.file).toBe('keg.toml');
    expect(doc.text).toBe(KEG);
    expect(doc.value).toEqual({
      package: { name: 'demo', version: '1.0.0' },
      plugins: [
        { name: 'first', type: 'kegs.testing.one' },
        { name: 'second', type: 'kegs.testing.two', tags: ['a', { deep: 'x' }], inline: { x: { y: 3 } }, extra: { z: true } },
      ],
    });
  });

  it('locates keys, table headers and array elements (1-based)', () => {
    const doc = parseTomlDocument(KEG, 'keg.toml');
    expect(doc.locate('/package')).toEqual({ line: 2, column: 1 });
    expect(doc.locate('/package/version')).toEqual({ line: 4, column: 1 });
    expect(doc.locate('/plugins')).toEqual({ line: 6, column: 1 });
    expect(doc.locate('/plugins/0')).toEqual({ line: 6, column: 1 });
    expect(doc.locate('/plugins/1')).toEqual({ line: 10, column: 1 });
    expect(doc.locate('/plugins/1/type')).toEqual({ line: 12, column: 3 });
    expect(doc.locate('/plugins/1/tags/1')).toEqual({ line: 13, column: 14 });
    expect(doc.locate('/plugins/1/tags/1/deep')).toEqual({ line: 13, column: 16 });
    expect(doc.locate('/plugins/1/inline/x/y')).toEqual({ line: 14, column: 14 });
    expect(doc.locate('/plugins/1/extra/z')).toEqual({ line: 17, column: 1 });
    expect(doc.locate('')).toEqual({ line: 1, column: 1 });
  });

  it('falls back to the nearest existing ancestor', () => {
    const doc = parseTomlDocument(KEG, 'keg.toml');
    expect(doc.locate('/plugins/0/missing')).toEqual({ line: 6, column: 1 });
    expect(doc.locate('/package/author/first')).toEqual({ line: 2, column: 1 });
    expect(doc.locate('/nowhere')).toEqual({ line: 1, column: 1 });
  });

  it('handles quoted keys and pointer escapes', () => {
    const doc = parseTomlDocument('[a]\n"b/c" = 1\n\'t~x\' = 2\n', 'f.toml');
    expect(doc.locate('/a/b~1c')).toEqual({ line: 2, column: 1 });
    expect(doc.locate('/a/t~0x')).toEqual({ line: 3, column: 1 });
  });

  it('throws toml-syntax with line and column', () => {
    const text = '[package]\nname = "x"\nversion = 1.0.0\n';
    let caught: unknown;
    try {
      parseTomlDocument(text, 'bad.toml');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KegcheckError);
    const error = caught as KegcheckError;
    expect(error.code).toBe('toml-syntax');
    expect(error.location).toMatchObject({ file: 'bad.toml', line: 3 });
    expect(error.location?.column).toBeGreaterThan(0);
    expect(error.message).not.toContain('\n');
  });

  it('reports duplicate keys as toml-syntax', () => {
    expect(() => parseTomlDocument('a = 1\na = 2\n', 'dup.toml')).toThrow(
      expect.objectContaining({ code: 'toml-syntax', location: expect.objectContaining({ line: 2 }) }),
    );
  });
});

describe('pointerToKeyPath', () => {
  it('turns JSON pointers into TOML key paths', () => {
    expect(pointerToKeyPath('/plugins/1/name')).toBe('plugins[1].name');
    expect(pointerToKeyPath('/package/version')).toBe('package.version');
    expect(pointerToKeyPath('/a/0/1/b')).toBe('a[0][1].b');
    expect(pointerToKeyPath('')).toBe('');
    expect(pointerToKeyPath('/a/b~1c/d e')).toBe('a."b/c"."d e"');
    expect(pointerToKeyPath('/a/t~0x')).toBe('a."t~x"');
  });
});
