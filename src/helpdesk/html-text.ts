import { compile } from 'html-to-text';

/**
 * HTML message bodies (Intercom parts, Freshdesk and Zendesk HTML bodies, emails) as clean text: no markup,
 * entities decoded, links kept as their text with the address in brackets when it differs, images dropped,
 * no hard wrapping. Compiled once: converting is on the hot path of a multi-GB import.
 */
const convert = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false } },
    { selector: 'img', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
});

const LOOKS_LIKE_HTML = /<[a-z!/][^>]*>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);/i;

/** Text of an HTML fragment; plain text (no tags, no entities) is returned as is, trimmed. */
export function htmlToPlainText(html: string): string {
  if (!LOOKS_LIKE_HTML.test(html)) return html.trim();
  return convert(html)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
