#!/usr/bin/env node
// The package ships TypeScript sources; tsx compiles them on the fly so the
// bin, the vitest helper and the worker threads all run the same files.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
