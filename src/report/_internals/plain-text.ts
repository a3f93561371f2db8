// Text that came out of a plugin (messages, logs, prints, outputs) can carry
// terminal escape sequences or megabytes; reporters show it through these.

const MAX_CHARS = 4000;

// Replaces control characters (except newline and tab) with visible `\xNN` escapes.
export function visibleControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function truncate(text: string, max = MAX_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

// Both of the above: safe to print to a terminal or embed in a report.
export function safeText(text: string, max = MAX_CHARS): string {
  return visibleControls(truncate(text, max));
}
