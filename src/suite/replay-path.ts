import { KegcheckError } from '../kegcheck-error.js';
import { SHARED_PATH_PREFIX, sharedReplayRuns } from './_internals/shared-replay-path.js';

/**
 * Checks a `--replay-path` before anything runs: a fast-check path (`12:0:3`)
 * or a shared-instance sequence (`shared:3,17,42`). Throws KegcheckError
 * `bad-replay-path` with what was expected.
 */
export function checkReplayPath(text: string): string {
  if (/^\d+(:\d+)*$/.test(text) || sharedReplayRuns(text) !== undefined) return text;
  throw new KegcheckError('bad-replay-path', `--replay-path expects a fast-check path such as 12:0:3 or ${SHARED_PATH_PREFIX}3,17,42 (as a report prints it), got '${text}'`);
}
