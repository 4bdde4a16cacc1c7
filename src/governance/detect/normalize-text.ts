/**
 * Text as the detectors should read it, with a map back to the original: Unicode decimal digits (full-width
 * `４`, Arabic-Indic `٤`, mathematical `𝟒`, …) become ASCII digits, no-break and other Unicode spaces a plain
 * space, Unicode dashes and minus signs `-`, full-width forms (`＠`, `．`, `（`) their ASCII letters, and
 * invisible characters (zero-width, soft hyphen, bidi controls) are dropped — so `4111 1111…` written with
 * no-break spaces or full-width digits is found like any other. One pass, linear.
 */
export interface NormalizedText {
  text: string;
  /** `map[i]` is the index in the original of normalized character `i`; `map[text.length]` is the original length. */
  map: number[];
}

const INVISIBLE = /^[\u00AD\u200B-\u200F\u2060-\u2064\uFEFF\u202A-\u202E\u2066-\u2069]$/;
const DASH = /^[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]$/;
const SPACE = /^[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]$/;
const DIGIT = /^\p{Nd}$/u;
/** Cheap pre-check: only ASCII, nothing to do. */
const NON_ASCII = /[^\x00-\x7F]/;

export function normalizeForDetection(text: string): NormalizedText {
  if (!NON_ASCII.test(text)) return { text, map: identity(text.length) };
  let out = '';
  const map: number[] = [];
  let i = 0;
  for (const ch of text) {
    const replacement = normalizeChar(ch);
    for (let k = 0; k < replacement.length; k++) map.push(i);
    out += replacement;
    i += ch.length;
  }
  map.push(text.length);
  return { text: out, map };
}

function normalizeChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) return ch;
  if (INVISIBLE.test(ch)) return '';
  if (SPACE.test(ch)) return ' ';
  if (DASH.test(ch)) return '-';
  if (DIGIT.test(ch)) return String(digitValue(ch, cp));
  if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCharCode(cp - 0xfee0); // full-width ASCII
  return ch;
}

/** The value of a Unicode decimal digit: NFKC where it maps to ASCII, else its place in its run of ten. */
function digitValue(ch: string, cp: number): number {
  const nfkc = ch.normalize('NFKC');
  if (nfkc.length === 1 && nfkc >= '0' && nfkc <= '9') return nfkc.charCodeAt(0) - 48;
  let start = cp;
  while (start > 0 && cp - start < 9 && DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
  return (cp - start) % 10;
}

function identity(n: number): number[] {
  const map = new Array<number>(n + 1);
  for (let i = 0; i <= n; i++) map[i] = i;
  return map;
}
