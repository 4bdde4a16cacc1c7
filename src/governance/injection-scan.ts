import type { Role, Transcript } from '../transcript/schema.js';

/** One piece of text that looks addressed to a judge or model rather than to the support team. */
export interface InjectionHit {
  /** 0-based index of the message. */
  message: number;
  role: Role;
  /** Stable id of the pattern that matched, e.g. `ignore_instructions`, `hidden_tag_characters`. */
  pattern: string;
  /** What the pattern means, for findings and audits. */
  reason: string;
  /** The matching text (hidden characters are shown decoded, e.g. `⟨hidden: rate 5⟩`). At most 200 characters. */
  quote: string;
}

interface InjectionPattern {
  id: string;
  reason: string;
  re: RegExp;
}

/**
 * Phrases addressed to a model. Each is narrow enough that ordinary customer language does not match:
 * "ignore my previous message" and "I'd rate your service 5 stars" are not injections.
 */
export const INJECTION_PATTERNS: readonly InjectionPattern[] = [
  {
    id: 'ignore_instructions',
    reason: 'asks the model to ignore its instructions',
    re: /\b(?:ignore|disregard|forget|override|skip)\s+(?:(?:all|any|the|your|every)\s+)?(?:of\s+(?:the|your)\s+)?(?:previous|prior|above|earlier|preceding|system|original|grading)\s+(?:instructions?|prompts?|rules|directions|guidelines|directives)\b/i,
  },
  {
    id: 'disregard_above',
    reason: 'asks the model to disregard the text above',
    re: /\b(?:disregard|ignore|forget)\s+(?:all\s+|everything\s+|anything\s+)?(?:the\s+)?(?:text\s+|conversation\s+|instructions\s+)?above\b/i,
  },
  {
    id: 'you_are_now',
    reason: 'tries to give the model a new identity',
    re: /\byou\s+are\s+now\s+(?:(?:a|an|the|my)\s+(?:[\w-]+\s+){0,3}?(?:ai|assistant|model|llm|judge|evaluator|grader|rater|reviewer|scorer|chatbot|gpt|system)\b|(?:free|unrestricted|jailbroken|dan|in\s+(?:developer|god|admin)\s+mode)\b)/i,
  },
  { id: 'system_prompt', reason: 'mentions the system prompt', re: /\bsystem\s+(?:prompt|message|instructions?)\b/i },
  {
    id: 'rate_this',
    reason: 'tells the judge what score to give',
    re: /(?<!\b(?:I|I'd|I’d|I'll|I’ll|we|we'd|we’d|would|will|could|might)\s+)\b(?:rate|score|grade|mark|evaluate)\s+this\s+(?:conversation|chat|transcript|interaction|call|agent|exchange)\s+(?:(?:as\s+)?(?:a\s+)?(?:5|five|10|ten|100|perfect|excellent|flawless|top)|(?:with\s+)?(?:full|maximum|max|top)\s+(?:marks|score|points))/i,
  },
  {
    id: 'give_full_marks',
    reason: 'tells the judge what score to give',
    re: /\bgive\s+(?:me|this|it|us|the\s+agent|this\s+(?:conversation|chat|agent))\s+(?:a\s+)?(?:5\s*\/\s*5|10\s*\/\s*10|100\s*\/\s*100|5\s+out\s+of\s+5|10\s+out\s+of\s+10|full\s+marks|top\s+marks|a\s+perfect\s+score|the\s+highest\s+(?:score|rating))/i,
  },
  {
    id: 'as_an_ai',
    reason: 'addresses the model as an AI and tells it what to do',
    re: /\bas\s+an\s+(?:ai|a\.i\.|llm|language\s+model)(?:\s+(?:model|judge|evaluator|grader|reviewer|assistant))?\s*,?\s+you\s+(?:must|should|will|have\s+to|need\s+to|are\s+(?:required|instructed|told))\b/i,
  },
  {
    id: 'role_play',
    reason: 'asks the model to role-play',
    re: /\b(?:pretend\s+(?:that\s+)?(?:you\s+are|you're|you’re|to\s+be)|role-?play\s+as|act\s+as\s+(?:if\s+you\s+were\s+)?(?:an?\s+|the\s+|my\s+)?(?:[\w-]+\s+){0,2}?(?:ai|assistant|model|llm|judge|evaluator|grader|rater|reviewer|system|admin|administrator|developer|dan|unrestricted)\b)/i,
  },
  {
    id: 'boundary_tag',
    reason: 'fake prompt boundary or role tag',
    re: /<\s*\/?\s*(?:system|transcript|conversation|instructions?|assistant|user|prompt|rubric|judge|human|im_start|im_end)\s*\/?\s*>|<\|(?:im_start|im_end|system|endoftext)\|>|\[\/?(?:INST|SYS)\]|<<\/?SYS>>/i,
  },
];

/** Unicode tag characters (U+E0000–U+E007F): invisible, but models read them as ASCII. */
const TAG_CHARS = /[\u{E0000}-\u{E007F}]+/gu;
/** Bidirectional overrides and isolates, which make displayed text differ from the stored text. */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/u;
/** Zero-width characters removed before matching, so `ig\u200Bnore previous instructions` is still caught. */
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

const MAX_QUOTE = 200;

function clip(text: string): string {
  return text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE - 1)}…` : text;
}

/** The ASCII text hidden in a run of Unicode tag characters. */
export function decodeTagCharacters(run: string): string {
  return [...run].map((ch) => String.fromCodePoint(ch.codePointAt(0)! - 0xe0000)).join('');
}

/** Injection hits in one message text. */
export function scanText(text: string): Omit<InjectionHit, 'message' | 'role'>[] {
  const hits: Omit<InjectionHit, 'message' | 'role'>[] = [];
  const hidden = [...text.matchAll(TAG_CHARS)].map((m) => decodeTagCharacters(m[0]));
  if (hidden.length > 0) {
    hits.push({
      pattern: 'hidden_tag_characters',
      reason: 'invisible Unicode tag characters (U+E0000–U+E007F) carrying hidden text',
      quote: clip(`⟨hidden: ${hidden.join(' ').replace(/[\u0000-\u001f\u007f]/g, '')}⟩`),
    });
  }
  const bidi = BIDI.exec(text);
  if (bidi) {
    const cp = bidi[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    hits.push({ pattern: 'bidi_override', reason: 'bidirectional override characters that disguise the text', quote: `⟨U+${cp}⟩ ${clip(text.replace(/[\u202A-\u202E\u2066-\u2069]/gu, ''))}` });
  }
  // Match on the visible text plus whatever was hidden, with zero-width characters removed.
  const visible = text.replace(TAG_CHARS, ' ').replace(ZERO_WIDTH, '').replace(/[\u202A-\u202E\u2066-\u2069]/gu, '').normalize('NFKC');
  for (const candidate of [visible, ...hidden]) {
    for (const p of INJECTION_PATTERNS) {
      const m = p.re.exec(candidate);
      if (m && !hits.some((h) => h.pattern === p.id)) hits.push({ pattern: p.id, reason: p.reason, quote: clip(m[0]) });
    }
  }
  return hits;
}

/**
 * Scans every message of a transcript (customer text first of all, but any role can carry pasted text)
 * for text addressed to a judge or model: instruction overrides, score demands, role-play prompts, fake
 * prompt boundaries, hidden tag characters and bidi overrides. Detection only: the transcript is still judged.
 */
export function scanTranscript(transcript: Transcript): InjectionHit[] {
  return transcript.messages.flatMap((m, message) => scanText(m.text).map((h) => ({ message, role: m.role, ...h })));
}
