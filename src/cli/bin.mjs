#!/usr/bin/env node
// The package ships TypeScript sources. They run from a cached JS bundle of
// the CLI's module graph (rebuilt when a source changes), else through tsx:
// see ../host/_internals/compiled-entry.mjs.
import { importEntry } from '../host/_internals/compiled-entry.mjs';

const { main } = await importEntry(new URL('./main.ts', import.meta.url));
process.exitCode = await main(process.argv.slice(2));
