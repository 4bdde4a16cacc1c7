/**
 * Is this conversation in English? The offline judge's phrase lists and sentiment lexicon are English; on
 * another language they find almost nothing and would return confident, wrong verdicts. Detection uses the
 * `franc-min` trigram detector on the customer, agent and bot text together.
 *
 * Short texts are where trigram detectors go wrong ("ok" reads as Igbo, "Merci beaucoup" as Kurdish), so a
 * conversation is called non-English only with enough text and a clear margin; otherwise it is judged as
 * English, as before. The thresholds are part of the offline judge's fingerprint.
 */
import { francAll } from 'franc-min';
import type { Transcript } from '../../transcript/schema.js';

export const LANGUAGE_DETECTION = {
  /** Fewer letters than this (Latin script) and the conversation is not classified: judged as English. */
  minLetters: 60,
  /** For text mostly in another script (CJK, Cyrillic, Arabic, ...), where the script itself is strong evidence. */
  minLettersOtherScript: 10,
  /**
   * English must score below this, relative to the best language (franc scores the best 1), for the text to
   * count as another language: "Hi Jose, gracias for waiting" stays English.
   */
  maxEnglishScore: 0.9,
  /** At most this much text is read (franc itself reads 2,048 characters). */
  maxChars: 2048,
  /**
   * Fast path: when at least this share of the words are common English function words (the, you, is, to, ...),
   * the text is English without running the trigram detector (most conversations: English text has 30–50% of
   * them, Spanish or French under 5%). Keeps the offline judge at thousands of transcripts per second.
   */
  englishWordShare: 0.2,
} as const;

/** Common English function words that are rare as words of other Latin-script languages. */
export const ENGLISH_FUNCTION_WORDS = new Set(
  'the you your and is are to it that this for with have has my of was what can be will not we i im its do dont please thank thanks hi hello would could just there they our if at but how when been were did get me'.split(' '),
);

export interface LanguageGuess {
  /** ISO 639-3 code of the best guess (`eng`, `spa`, `cmn`, ...), or `und` when there was too little text. */
  language: string;
  /** False only when the text is long enough and clearly another language. */
  english: boolean;
  /** Letters read. */
  letters: number;
  /** English's score relative to the best language (1 = English is the best guess; 0 = not a candidate). */
  englishScore: number;
  /** How it was decided: too little text, the English function-word fast path, or franc's trigrams. */
  method: 'too_short' | 'function_words' | 'trigrams';
}

const NAMES: Record<string, string> = {
  spa: 'Spanish', por: 'Portuguese', fra: 'French', deu: 'German', ita: 'Italian', nld: 'Dutch', pol: 'Polish',
  ron: 'Romanian', tur: 'Turkish', swe: 'Swedish', cmn: 'Chinese', jpn: 'Japanese', kor: 'Korean', rus: 'Russian',
  ukr: 'Ukrainian', arb: 'Arabic', hin: 'Hindi', ind: 'Indonesian', vie: 'Vietnamese', tha: 'Thai', ell: 'Greek',
};

/** "Spanish (spa)", for rationales. */
export function languageName(code: string): string {
  return NAMES[code] ? `${NAMES[code]} (${code})` : code;
}

/** The customer, agent and bot text, at most `maxChars`. */
function rawText(transcript: Transcript): string {
  let text = '';
  for (const m of transcript.messages) {
    if (m.role === 'system') continue;
    text += `${m.text}\n`;
    if (text.length >= LANGUAGE_DETECTION.maxChars) break;
  }
  return text.slice(0, LANGUAGE_DETECTION.maxChars);
}

/** Text without links, emails, numbers and placeholders, which carry no language. */
function languageText(raw: string): string {
  // Emails only when there is an @: trying that alternative at every position is most of the cost.
  const noEmails = raw.includes('@') ? raw.replace(/[^\s@]+@\S+/g, ' ') : raw;
  return noEmails.replace(/\bhttps?:\/\/\S+|\bwww\.\S+|<[A-Z_]+\d*>|[\d_#*/\\|~^=+<>[\]{}-]+/g, ' ');
}

const LETTER = /\p{L}/u;
const LATIN = /\p{Script=Latin}/u;

/** Letters, and how many of them are Latin script, in one pass (ASCII without a regex). */
function countLetters(text: string): { letters: number; latin: number } {
  let letters = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
        letters++;
        latin++;
      }
    } else {
      const ch = text[i]!;
      if (LETTER.test(ch)) {
        letters++;
        if (LATIN.test(ch)) latin++;
      }
    }
  }
  return { letters, latin };
}

/** Words read by the function-word fast path (the opening of a conversation is enough). */
const FAST_PATH_WORDS = 150;

/** Share of the (ASCII-letter) words among the first {@link FAST_PATH_WORDS} that are {@link ENGLISH_FUNCTION_WORDS}. */
function englishWordShare(text: string): number {
  let words = 0;
  let english = 0;
  // ~6 characters a word: the first FAST_PATH_WORDS words are within this slice.
  for (const w of text.slice(0, FAST_PATH_WORDS * 8).toLowerCase().split(/[^a-z'’]+/)) {
    if (w === '') continue;
    words++;
    if (ENGLISH_FUNCTION_WORDS.has(w.includes("'") || w.includes('’') ? w.replace(/['’]/g, '') : w)) english++;
    if (words >= FAST_PATH_WORDS) break;
  }
  return words === 0 ? 0 : english / words;
}

export function detectLanguage(transcript: Transcript): LanguageGuess {
  const raw = rawText(transcript);
  // Fast path, on the raw text (links and numbers hold no English function words): most conversations end here.
  if (englishWordShare(raw) >= LANGUAGE_DETECTION.englishWordShare) {
    return { language: 'eng', english: true, letters: countLetters(raw).letters, englishScore: 1, method: 'function_words' };
  }
  const text = languageText(raw);
  const { letters, latin } = countLetters(text);
  const otherScript = letters > 0 && latin / letters < 0.5;
  const enough = otherScript ? letters >= LANGUAGE_DETECTION.minLettersOtherScript : letters >= LANGUAGE_DETECTION.minLetters;
  if (!enough) return { language: 'und', english: true, letters, englishScore: 1, method: 'too_short' };
  const ranked = francAll(text, { minLength: 1 });
  const best = ranked[0]?.[0] ?? 'und';
  const englishScore = ranked.find(([code]) => code === 'eng')?.[1] ?? 0;
  if (best === 'und') return { language: 'und', english: true, letters, englishScore: 1, method: 'trigrams' };
  const english = best === 'eng' || englishScore >= LANGUAGE_DETECTION.maxEnglishScore;
  return { language: best, english, letters, englishScore: Math.round(englishScore * 1000) / 1000, method: 'trigrams' };
}
