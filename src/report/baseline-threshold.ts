/**
 * Growth allowed over a saved benchmark figure before `--baseline` fails it (docs/cli.md quotes it).
 * A module of its own so `kegcheck run --help` can quote it without loading the report reader.
 */
export const DEFAULT_BASELINE_THRESHOLD = 1.25;
