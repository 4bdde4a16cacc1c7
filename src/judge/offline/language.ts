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
} as const;

export interface LanguageGuess {
  /** ISO 639-3 code of the best guess (`eng`, `spa`, `cmn`, ...), or `und` when there was too little text. */
  language: string;
  /** False only when the text is long enough and clearly another language. */
  english: boolean;
  /** Letters read. */
  letters: number;
  /** English's score relative to the best language (1 = English is the best guess; 0 = not a candidate). */
  englishScore: number;
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

/** Text without links, emails, numbers and placeholders, which carry no language. */
function languageText(transcript: Transcript): string {
  let text = '';
  for (const m of transcript.messages) {
    if (m.role === 'system') continue;
    text += `${m.text}\n`;
    if (text.length >= LANGUAGE_DETECTION.maxChars * 2) break;
  }
  return text
    .replace(/\bhttps?:\/\/\S+|\bwww\.\S+/gi, ' ')
    .replace(/\S+@\S+/g, ' ')
    .replace(/<[A-Z_]+\d*>/g, ' ')
    .replace(/[\p{N}_#*/\\|~^=+<>[\]{}-]+/gu, ' ')
    .slice(0, LANGUAGE_DETECTION.maxChars);
}

export function detectLanguage(transcript: Transcript): LanguageGuess {
  const text = languageText(transcript);
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  const latin = (text.match(/\p{Script=Latin}/gu) ?? []).length;
  const otherScript = letters > 0 && latin / letters < 0.5;
  const enough = otherScript ? letters >= LANGUAGE_DETECTION.minLettersOtherScript : letters >= LANGUAGE_DETECTION.minLetters;
  if (!enough) return { language: 'und', english: true, letters, englishScore: 1 };
  const ranked = francAll(text, { minLength: 1 });
  const best = ranked[0]?.[0] ?? 'und';
  const englishScore = ranked.find(([code]) => code === 'eng')?.[1] ?? 0;
  if (best === 'und') return { language: 'und', english: true, letters, englishScore: 1 };
  const english = best === 'eng' || englishScore >= LANGUAGE_DETECTION.maxEnglishScore;
  return { language: best, english, letters, englishScore: Math.round(englishScore * 1000) / 1000 };
}
