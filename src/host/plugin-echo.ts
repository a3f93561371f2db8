/**
 * A line a plugin printed (`keg_print`) or logged, handed to
 * Supervisor's `onEcho` while a spec with `echo: true` runs. The library
 * writes nowhere itself: the caller (the CLI) decides where it goes.
 */
export interface PluginEcho {
  /** The plugin's folder name. */
  readonly plugin: string;
  /** Set for a log line; absent for a print. */
  readonly level?: string;
  readonly text: string;
}

/** The one-line form the CLI writes to stderr: `[plugin] text` or `[plugin] level: text`. */
export function formatPluginEcho(echo: PluginEcho): string {
  return `[${echo.plugin}] ${echo.level === undefined ? '' : `${echo.level}: `}${echo.text}\n`;
}
