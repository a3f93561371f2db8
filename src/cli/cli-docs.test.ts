import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Command } from './cli-io.js';

// docs/cli.md documents every command and flag; this keeps it from drifting
// from what the commands accept (their usage text lists each flag they parse).
const DOC = fileURLToPath(new URL('../../docs/cli.md', import.meta.url));
const COMMANDS: Readonly<Record<string, () => Promise<{ command: Command }>>> = {
  build: () => import('./commands/build.js'),
  init: () => import('./commands/init.js'),
  merge: () => import('./commands/merge.js'),
  pack: () => import('./commands/pack.js'),
  run: () => import('./commands/run.js'),
  start: () => import('./commands/start.js'),
  validate: () => import('./commands/validate.js'),
};

const FLAG = /(?<![\w-])--[a-z][a-z-]*/g;

function flagsIn(text: string): string[] {
  return [...text.matchAll(FLAG)].map((m) => m[0]).filter((f) => f !== '--help');
}

// A command's own flags: its Usage line and the option lines (those starting with a flag).
function usageFlags(usage: string): string[] {
  const lines = usage.split('\n');
  const options = lines.filter((line) => /^\s*(-\w, )?--[a-z]/.test(line)).map((line) => flagsIn(line)[0] ?? '');
  return [...new Set([...flagsIn(lines[0] ?? ''), ...options].filter((f) => f !== ''))].sort();
}

// The documented flags: the synopsis line and the first cell of each flag-table row.
function documentedFlags(section: string): string[] {
  const lines = section.split('\n');
  const synopsis = lines.filter((line) => line.startsWith('kegcheck '));
  const rows = lines.filter((line) => line.startsWith('| `--')).map((line) => line.split('|')[1] ?? '');
  return [...new Set([...synopsis, ...rows].flatMap(flagsIn))].sort();
}

function section(doc: string, name: string): string {
  const start = doc.indexOf(`\n## kegcheck ${name}\n`);
  if (start < 0) return '';
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

describe('docs/cli.md', () => {
  it.each(Object.entries(COMMANDS))('documents exactly the flags of kegcheck %s', async (name, load) => {
    const { command } = await load();
    const doc = await readFile(DOC, 'utf8');
    const documented = section(doc, name);
    expect(documented, `a "## kegcheck ${name}" section`).not.toBe('');
    expect(documentedFlags(documented)).toEqual(usageFlags(command.usage));
    expect(documentedFlags(documented).length).toBeGreaterThan(0);
  });
});
