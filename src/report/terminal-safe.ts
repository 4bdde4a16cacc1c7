/**
 * Text that came from a transcript, a rubric or a provider — ids, rationales, quotes, error messages — can
 * carry terminal control sequences (`ESC [ 2 J` clears the screen, OSC 8 makes links, `\r` overwrites a
 * line). Everything cxqa prints as text goes through these, so such bytes are shown, not obeyed: each control
 * character becomes a visible `\xNN` / `\uNNNN` escape. JSON output needs nothing: `JSON.stringify` escapes
 * control characters itself.
 */

/** C0 controls except newline, DEL, C1 controls, and the bidi controls that reorder what a terminal shows. */
const CONTROL_KEEP_NEWLINE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
/** The same, newline included: for one field that must stay on its line. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A whole block of terminal output: control characters escaped, line breaks kept. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL_KEEP_NEWLINE, escapeChar);
}

/** One line of terminal output: every control character escaped, line breaks too. */
export function terminalSafeLine(text: string): string {
  return text.replace(CONTROL, escapeChar);
}
