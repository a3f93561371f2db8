import { existsSync } from 'node:fs';
import { detectRustToolchain } from './compile-rust.js';

/** Whether a test's outside tool is here; when not, `note` says why its tests skip. */
export interface Presence {
  readonly present: boolean;
  /** `''` when present, else ` [skipped: <why>]`, to append to a test's name so the skip shows in every reporter. */
  readonly note: string;
}

export const CHROMIUM = '/usr/bin/chromium';

// CI installs every toolchain: there a missing one must fail the run, not skip quietly.
const REQUIRED = process.env['KEGCHECK_REQUIRE_TOOLCHAINS'] === '1';

function absent(what: string, why: string, detail = ''): Presence {
  const message = `${what} tests skipped: ${why}${detail}`;
  if (REQUIRED) throw new Error(`${message} (KEGCHECK_REQUIRE_TOOLCHAINS=1 forbids skipping)`);
  process.stderr.write(`SKIPPED: ${message}\n`);
  return { present: false, note: ` [skipped: ${why}]` };
}

/** A cargo and rustc able to build for wasm32-unknown-unknown, found as `kegcheck build` finds them. */
export async function rustPresence(): Promise<Presence> {
  const rust = await detectRustToolchain(process.env);
  if (rust.ok) return { present: true, note: '' };
  // The test name gets what is missing; the stderr line adds where it looked and what to install.
  const cut = rust.message.search(/ \(looked in |; /);
  return absent('Rust build', `no Rust toolchain for wasm32: ${cut < 0 ? rust.message : rust.message.slice(0, cut)}`, cut < 0 ? '' : rust.message.slice(cut));
}

/** Debian's Chromium, which the browser tests drive through playwright-core. */
export function chromiumPresence(): Presence {
  return existsSync(CHROMIUM) ? { present: true, note: '' } : absent('Browser', `${CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)`);
}
