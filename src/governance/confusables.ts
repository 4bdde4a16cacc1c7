/**
 * Letters from other scripts that look like Latin ones, mapped to the Latin letter they imitate, so
 * "іgnore" (Cyrillic і) reads as "ignore". The lower- and upper-case look-alikes of Cyrillic, Greek and a
 * few other blocks (after NFKC, which already folds full-width, mathematical and ligature forms), taken from
 * Unicode's confusables list for the Latin letters a–z. Used by the injection scan only: the text sent to a
 * model and stored is never changed.
 */
const PAIRS: Record<string, string> = {
  a: 'аАαΑɑ', b: 'ЬВβΒƄ', c: 'сСϲϹⅽ', d: 'ԁⅾ', e: 'еЕεΕҽ', f: 'ϝ', g: 'ɡցԍ', h: 'һНΗհ', i: 'іІιΙӏⅰɩ', j: 'јЈϳ',
  k: 'κΚКк', l: 'ӀⅼΙǀ', m: 'МΜⅿм', n: 'ոΝп', o: 'оОοΟσօ', p: 'рРρΡ', q: 'ԛզ', r: 'гᴦ', s: 'ѕЅ', t: 'тТτΤ',
  u: 'υսμ', v: 'νѵⅴ', w: 'ԝѡ', x: 'хХχΧⅹ', y: 'уУγΥү', z: 'Ζᴢ',
};

const TO_LATIN = new Map<string, string>();
for (const [latin, lookAlikes] of Object.entries(PAIRS)) for (const ch of lookAlikes) TO_LATIN.set(ch, latin);

/** Non-ASCII letters that may be look-alikes: a cheap pre-check. */
const NON_ASCII = /[^\x00-\x7F]/;
/** Combining marks, removed after NFKD so "ïgnörè" reads as "ignore". */
const MARKS = /\p{M}+/gu;

/** NFKC, then look-alike letters to Latin, then accents removed. For matching only. */
export function foldForScan(text: string): string {
  const nfkc = text.normalize('NFKC');
  if (!NON_ASCII.test(nfkc)) return nfkc;
  let out = '';
  for (const ch of nfkc) out += TO_LATIN.get(ch) ?? ch;
  return out.normalize('NFKD').replace(MARKS, '').normalize('NFC');
}
