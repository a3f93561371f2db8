import { KEGCHECK_VERSION } from '../version.js';

/** The files of a new suite package, by path relative to its folder. */
export type ScaffoldFiles = Readonly<Record<string, string>>;

const TYPE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;

/** An npm-safe package name from a folder name: `My Suite` → `my-suite`. */
export function packageNameFrom(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+|[-]+$/g, '');
  return name === '' ? 'kegcheck-suite' : name;
}

/** True when `type` is a dotted plugin type (`acme.text.counter`). */
export function isPluginType(type: string): boolean {
  return TYPE.test(type);
}

/**
 * The files of a publishable suite package for plugin type `type`:
 * package.json (with the `kegcheck` field, `files` and an optional peer
 * dependency on kegcheck), one suite with a golden case and two properties,
 * the oracle the suite uses, and a README saying how to run and publish it.
 */
export function scaffoldSuitePackage(options: { readonly name: string; readonly type: string }): ScaffoldFiles {
  const short = options.type.split('.').at(-1) ?? 'suite';
  const manifest = {
    name: options.name,
    version: '0.1.0',
    description: `kegcheck conformance suite for plugins of type ${options.type}`,
    type: 'module',
    license: 'MIT',
    keywords: ['kegcheck-suite', 'kegs', 'extism', options.type],
    files: ['suites/', 'README.md'],
    kegcheck: { suites: ['suites/'] },
    peerDependencies: { kegcheck: `>=${KEGCHECK_VERSION}` },
    peerDependenciesMeta: { kegcheck: { optional: true } },
  };
  const suite = `# Conformance suite for plugins of type ${options.type}.
# Published in ${options.name}; relative paths (oracles, golden files, a reference
# keg) are relative to this file and must stay inside the package.
# Versioning: see \`kegcheck diff\` (a changed function or a tightened limit is a
# major bump, a widened schema or a new mock minor, new cases a patch).

[suite]
type = "${options.type}"
version = "0.1.0"
description = "measure(text) returns {\\"length\\": n}, n = number of Unicode code points of text"

[[functions]]
name = "measure"
description = "Counts the code points of its UTF-8 input."
input = "string"
output = "json"
output_schema = { type = "object", required = ["length"], properties = { length = { type = "integer", minimum = 0 } } }

[[cases]]
name = "empty text"
function = "measure"
input = ""
expect = { json = { length = 0 } }

[[cases]]
name = "multi-byte text"
function = "measure"
input = "héllo 🍺"
expect = { json = { length = 7 } }

[[properties]]
name = "output conforms to the schema"
function = "measure"
check = "conforms"
runs = 100
max_length = 64

[[properties]]
name = "length matches the oracle"
function = "measure"
check = "oracle"
oracle = "oracles/${short}.js"
runs = 200
max_length = 64
`;
  const oracle = `// Oracle for ${options.type}: what measure(text) must return for an input.
// kegcheck imports this module and calls its default export with the decoded
// input; the package's "type": "module" makes this .js file an ES module.
export default function measure(input) {
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  return { length: [...text].length };
}
`;
  const readme = `# ${options.name}

The [kegcheck](https://www.npmjs.com/package/kegcheck) conformance suite for plugins of type
\`${options.type}\`: the suite, its oracle (and any golden files or reference keg) in one package.

## Run it against a keg

\`\`\`sh
npm install --save-dev kegcheck ${options.name}
npx kegcheck run ${options.name} path/to/my-keg
npx kegcheck run ${options.name}/${short} path/to/my-keg      # one suite of the package, by name
\`\`\`

From vitest: \`kegSuite('${options.name}', 'path/to/my-keg')\` (\`import { kegSuite } from 'kegcheck/vitest'\`).
A plugin states which versions it meets in its \`metadata.toml\`: \`conforms = ["${options.type}@^0.1"]\`.

## Publish a new version

1. Edit \`suites/${short}.suite.toml\` and raise \`[suite] version\`.
2. \`npm install --no-save published@npm:${options.name}\` then \`npx kegcheck diff published .\` compares the
   working copy with the published version and says which bump the changes need (exit 1 when too small).
3. Raise \`version\` in package.json to match, then \`npm pack\` (check the file list) and \`npm publish\`.
`;
  return {
    'package.json': `${JSON.stringify(manifest, null, 2)}\n`,
    [`suites/${short}.suite.toml`]: suite,
    [`suites/oracles/${short}.js`]: oracle,
    'README.md': readme,
  };
}
