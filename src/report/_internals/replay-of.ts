import { replayCommand } from '../replay-command.js';
import { displayPath } from './display-path.js';
import type { LocatedCheck } from './report-walk.js';

// The replay command of a check in a report, paths as people should type them.
export function replayOf({ suite, plugin, check }: LocatedCheck): string {
  return replayCommand({ suiteFile: displayPath(suite.file), kegSource: displayPath(plugin.keg.source), plugin: plugin.plugin.name }, check);
}
