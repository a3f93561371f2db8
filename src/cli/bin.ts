#!/usr/bin/env node
import { steadyYoungGeneration } from './_internals/steady-young-generation.js';
import { main } from './main.js';

const argv = process.argv.slice(2);
// Runs over many kegs keep peak memory flat; other commands are left to V8's defaults.
if (argv[0] === 'run' || argv[0] === 'start') steadyYoungGeneration();
process.exitCode = await main(argv);
