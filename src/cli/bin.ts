#!/usr/bin/env node
import { steadyOldGeneration } from './_internals/steady-old-generation.js';
import { steadyYoungGeneration } from './_internals/steady-young-generation.js';
import { main } from './main.js';

const argv = process.argv.slice(2);
// Runs over many kegs keep peak memory flat; other commands are left to V8's defaults.
if (argv[0] === 'run' || argv[0] === 'start') {
  steadyYoungGeneration();
  steadyOldGeneration();
}
process.exitCode = await main(argv);
