/**
 * How many worker threads `kegcheck run <args>` starts before it loads
 * anything: the `--workers N` it was given (at most one per core: more
 * would only compete with the CLI's own start-up), else one, the least any
 * run needs. A value the run's own parsing will refuse counts as one.
 */
export function workersToPrestart(args: readonly string[], cores: number): number {
  let value: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '--') break;
    if (arg === '--workers') value = args[i + 1];
    else if (arg.startsWith('--workers=')) value = arg.slice('--workers='.length);
  }
  const n = value !== undefined && /^\d+$/.test(value) ? Number(value) : 1;
  return Math.max(1, Math.min(n, Math.max(1, cores)));
}
