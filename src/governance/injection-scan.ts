import type { Role, Transcript } from '../transcript/schema.js';
import { foldForScan } from './confusables.js';

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
    re: /<\s*\/?\s*(?:system|transcript(?:[-_][\w-]{0,40})?|conversation|instructions?|assistant|user|prompt|rubric|judge|human|im_start|im_end|data|context|verdicts?)\s*\/?\s*>|<\|(?:im_start|im_end|system|endoftext)\|>|\[\/?(?:INST|SYS)\]|<<\/?SYS>>/i,
  },
  {
    id: 'role_prefix',
    reason: 'a fake system, developer or assistant turn giving new instructions',
    re: /\b(?:system|developer|assistant|admin|administrator|evaluator|judge)(?:\s+(?:message|prompt|note|override|update))?\s*:\s*(?:(?:new|updated|revised|additional|override|important|the\s+following)\s+)?(?:instructions?|rules|directives?|guidelines|task|orders?)\b|\bnew\s+(?:system\s+)?instructions?\s*:|\[\s*(?:system|developer|admin)\s*\]|^\s*#{2,}\s*(?:system|instructions?|new\s+instructions?)\b/im,
  },
  {
    id: 'address_to_judge',
    reason: 'text addressed to the AI that evaluates the conversation',
    re: /\b(?:note|message|instructions?|attention|reminder|memo|hint|psa|p\.?s\.?)\s+(?:to|for)\s+(?:(?:the|any|all|our|my)\s+)?(?:(?:ai|a\.i\.|llm|automated|automatic|language[- ]model|gpt|claude|bot)\s+)?(?:evaluators?|graders?|judges?|scorers?|raters?|qa\s+(?:bot|model|ai)|models?|assistants?)\b|\b(?:dear|hey|hello|hi|attention)\s*,?\s*(?:ai|llm|gpt|claude|automated)\s+(?:evaluator|grader|judge|reviewer|scorer|rater|model|system)\b|\bif\s+you\s+are\s+an?\s+(?:ai|llm|language\s+model|automated\s+(?:system|reviewer|evaluator|grader))\b|\bto\s+(?:whoever|the\s+(?:ai|model|system))\s+(?:is\s+)?(?:grading|scoring|evaluating|rating|reviewing)\s+this\b/i,
  },
  {
    id: 'json_verdict',
    reason: 'a verdict in the judge\'s answer format, written into the conversation',
    re: /\{\s*"(?:verdicts?|criteria|scores?|rating|qa_score|tone|policy|policy_compliance|resolution|accuracy|auto_csat|handoff|value|rationale)"\s*:|\brecord_verdicts\b|"(?:value|score|rating)"\s*:\s*(?:"(?:pass|fail|resolved)"|[0-9]+)\s*[,}]/i,
  },
  {
    id: 'ignore_instructions_other_language',
    reason: 'asks the model to ignore its instructions (in another language)',
    re: /\bignore\s+(?:todas\s+)?(?:as|os)\s+(?:(?:instru[cç][oõ]es|regras)\b)|\b(?:ignor(?:a|ez|iere|ieren|ate|ar|er)|olvida|oublie[rz]?|vergiss|esque[cç]a|dimentica|negeer|pomi[nń])\s+(?:(?:todas?|tous|toutes|alle|todas|tutte?|as|os|les|las|los|le|die|de|the)\s+)?(?:(?:las|los|les|die|le|as|os|gli|de)\s+)?(?:(?:vorherigen|bisherigen|obigen|vorigen|anteriores|pr[eé]c[eé]dentes|precedenti|anteriori|vorige|previous|prior)\s+)?(?:instrucciones|instructions|anweisungen|instru[cç][oõ]es|istruzioni|instructies|regeln|reglas|r[eè]gles|regole|regras|indicaciones|consignes)\b|(?:忽略|无视|忘记|忽視|無視)(?:之前|以上|上面|先前|所有|前面|全部)?的?(?:所有|全部)?(?:指令|指示|说明|規則|规则|提示)|(?:前の|以前の|上記の)?(?:指示|命令|ルール)を(?:すべて)?無視|(?<!\p{L})(?:игнорируй|игнорируйте|забудь|забудьте)\s+(?:все\s+)?(?:предыдущие|прошлые|прежние|эти)?\s*(?:инструкции|указания|правила)/iu,
  },
  {
    id: 'full_marks_other_language',
    reason: 'tells the judge what score to give (in another language)',
    re: /\b(?:califica|punt[uú]a|eval[uú]a|note|notez|bewerte|valuta|avalie|classifique)\s+(?:esta|este|cette|ce|diese[ns]?|questa|questo|esta|este)\s+(?:conversaci[oó]n|chat|conversation|gespr[aä]ch|conversazione|conversa|conversa[cç][aã]o)\s+(?:con|avec|mit|con|com)\s+(?:un|una|une|einer?|um|uma)?\s*(?:5|10|100|cinco|diez|cinq|dix|f[uü]nf|zehn|cinque|dieci)\b|(?:给|給)(?:这个|這個|此)?(?:对话|對話|会话)?(?:打)?(?:满分|滿分|5分|五分)/iu,
  },
];

/** Runs of base64 text long enough to carry an instruction. */
const BASE64_RUN = /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])/g;
/** At most this many base64 runs are decoded per message. */
const MAX_BASE64_RUNS = 20;

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
  // Match on the visible text plus whatever was hidden, with zero-width characters removed, NFKC-normalised
  // and look-alike letters folded to Latin ("іgnore" with a Cyrillic і reads "ignore").
  // Patterns for other scripts (Cyrillic, CJK) also see the text without the folding.
  const plain = text.replace(TAG_CHARS, ' ').replace(ZERO_WIDTH, '').replace(/[\u202A-\u202E\u2066-\u2069]/gu, '').normalize('NFKC');
  const visible = foldForScan(plain);
  const decoded = base64Payloads(visible);
  for (const candidate of new Set([visible, plain, ...hidden.map(foldForScan)])) matchPatterns(candidate, hits);
  for (const payload of decoded) {
    const inner: Omit<InjectionHit, 'message' | 'role'>[] = [];
    matchPatterns(payload.text, inner);
    if (inner.length > 0 && !hits.some((h) => h.pattern === 'base64_payload')) {
      hits.push({ pattern: 'base64_payload', reason: `base64 text that decodes to an instruction (${inner[0]!.reason})`, quote: clip(`${payload.run.slice(0, 40)}… ⟨decoded: ${inner[0]!.quote}⟩`) });
    }
  }
  return hits;
}

function matchPatterns(candidate: string, hits: Omit<InjectionHit, 'message' | 'role'>[]): void {
  for (const p of INJECTION_PATTERNS) {
    const m = p.re.exec(candidate);
    if (m && !hits.some((h) => h.pattern === p.id)) hits.push({ pattern: p.id, reason: p.reason, quote: clip(m[0].trim()) });
  }
}

/** Base64 runs that decode to mostly printable text (what an attacker would hide an instruction in). */
function base64Payloads(text: string): { run: string; text: string }[] {
  const out: { run: string; text: string }[] = [];
  let n = 0;
  for (const m of text.matchAll(BASE64_RUN)) {
    if (++n > MAX_BASE64_RUNS) break;
    const run = m[0];
    if (!/[A-Z]/.test(run) || !/[a-z0-9+/]/.test(run)) continue; // all lower-case words or digits: not base64
    const bytes = Buffer.from(run, 'base64');
    const decoded = bytes.toString('utf8');
    const printable = decoded.replace(/[^\x20-\x7E\n\r\t]/g, '').length;
    if (decoded.length >= 8 && printable / decoded.length > 0.9) out.push({ run, text: foldForScan(decoded) });
  }
  return out;
}

/**
 * Scans every message of a transcript (customer text first of all, but any role can carry pasted text)
 * for text addressed to a judge or model: instruction overrides, score demands, role-play prompts, fake
 * prompt boundaries, hidden tag characters and bidi overrides. Detection only: the transcript is still judged.
 */
export function scanTranscript(transcript: Transcript): InjectionHit[] {
  return transcript.messages.flatMap((m, message) => {
    const hits = scanText(m.text).map((h) => ({ message, role: m.role, ...h }));
    // The `event` field reaches the model too (`[n] system (event: …)`): scanned the same way.
    if (m.event !== undefined) {
      for (const h of scanText(m.event)) {
        if (!hits.some((x) => x.pattern === h.pattern)) hits.push({ message, role: m.role, ...h, quote: clip(`[event] ${h.quote}`) });
      }
    }
    return hits;
  });
}
