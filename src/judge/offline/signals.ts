/**
 * Conversation signals for the offline judge: one pass over the messages, precompiled phrase lists (patterns.ts),
 * AFINN-165 sentiment from the `sentiment` package. Every hit keeps the message index and a verbatim quote so a
 * verdict can cite it. Nothing here reads `transcript.survey` (that is the calibration target, not an input).
 */
import Sentiment from 'sentiment';
import type { Role, Transcript } from '../../transcript/schema.js';
import {
  ACCEPTANCE_ONLY,
  ACKNOWLEDGEMENT,
  ACTION,
  CLOSING_QUESTION,
  CLOSING_REPLY,
  COMMITMENT,
  CONFIRMATION,
  CONFIRMATION_NEGATION,
  CORRECTION,
  COURTESY_WORDS,
  CUSTOMER_LEFT_EVENT,
  EMPATHY,
  ESCALATION,
  EXPLICIT_REPEAT,
  FALLBACK_AFTER_SORRY,
  FRUSTRATION,
  GRATITUDE,
  GUARANTEE,
  HANDOFF_EVENT,
  HANDOFF_TEXT,
  HUMAN_REQUEST,
  IMPERATIVE,
  IMPERATIVE_LEADS,
  IMPERATIVE_TO_LEADS,
  LINK,
  NAV_PATH,
  NEGATIVE_CONFIRMATION,
  NUMBERED_ITEM,
  REFERENCE,
  REFUND_PROMISE,
  RESIGNED,
  RUDE_MILD,
  RUDE_STRONG,
  SARCASM,
  SENSITIVE_DISCLOSURE,
  TIMELINE,
  RAW_TRIGGERS,
  TRIGGER_BIT,
  WORD_TRIGGERS,
  VAGUE_POINTER,
  VERIFICATION,
  VERIFIED_EVENT,
} from './patterns.js';
import {
  clauseAround,
  forEachMatch,
  forEachWord,
  inQuestion,
  isStopword,
  jaccard,
  matches,
  negatedBefore,
  openingOf,
  questionEndingAt,
  sentenceFrom,
  wordCount,
} from './text.js';

/** One finding: the 0-based message index, the exact matched text and a verbatim quote (its clause) to cite. */
export interface Hit {
  message: number;
  /** The exact text the pattern matched (verbatim substring of the message). */
  match: string;
  /** The clause or sentence around the match (verbatim substring of the message); used as evidence. Empty for text-less system events. */
  quote: string;
}

export interface EventHit extends Hit {
  /** The system event name, when the hit comes from a system message's `event`. */
  event?: string;
}

export interface HandoffHit extends EventHit {
  /** `event`: a system event; `text`: the bot said it is transferring; `role_change`: an `agent` message after `bot` messages. */
  source: 'event' | 'text' | 'role_change';
}

export interface RepeatHit extends Hit {
  /** `similar`: token Jaccard ≥ 0.6 with an earlier customer message; `explicit`: "as I said", "again", ... */
  kind: 'similar' | 'explicit';
  /** The earlier customer message it repeats (similar only). */
  of: number | null;
  similarity: number | null;
}

export interface LoopHit extends Hit {
  /** The earlier message (same role) it nearly duplicates. */
  of: number;
  similarity: number;
}

export type StepKind = 'numbered' | 'imperative' | 'link' | 'timeline' | 'reference' | 'action' | 'commitment' | 'vague';
export interface StepHit extends Hit {
  kind: StepKind;
}

export interface RudeHit extends Hit {
  strong: boolean;
}

export interface SarcasmHit extends Hit {
  /** `phrase`: a sarcasm phrase ("thanks for nothing"); `negative_context`: thanks inside a strongly negative message. */
  kind: 'phrase' | 'negative_context';
}

export interface NegativeHit extends Hit {
  /** `resigned`: "thanks anyway", "forget it". */
  kind: 'negative' | 'resigned';
}

export interface ConfirmationHit extends Hit {
  /**
   * `fix`: the customer reports the problem solved ("that worked", "it's fixed"); `acceptance`: the customer only
   * accepts or acknowledges ("perfect", "that works for me", "got it"; see ACCEPTANCE_ONLY). A message with both
   * keeps its first fix.
   */
  kind: 'fix' | 'acceptance';
}

export interface PolicyHit extends Hit {
  kind: 'refund_promise' | 'guarantee' | 'sensitive';
}

export interface MessageSentiment {
  message: number;
  role: Role;
  /**
   * Whether the message was scored. Only customer messages are (the scorers use customer sentiment only; skipping
   * bot/agent text halves the cost). Unscored entries have score, comparative and adjusted 0.
   */
  scored: boolean;
  /** AFINN-165 sum for the message (via the `sentiment` package). */
  score: number;
  /** AFINN score per token. */
  comparative: number;
  /**
   * `score`, but forced to ≤ −2 when the message is sarcastic or a negative confirmation (AFINN reads "great,
   * thanks for nothing" as positive) and raised to 0 when a negative score comes from a closing reply
   * ("no, that's all").
   */
  adjusted: number;
  /**
   * `adjusted` without the AFINN points of courtesy words ("thank you for your help", "please"; COURTESY_WORDS),
   * and at worst 0 for a closing reply ("no thanks"). Sarcastic or negative-confirmation messages keep their forced
   * `adjusted` value. Auto-CSAT reads this for the customer's last message. 0 for unscored messages.
   */
  evaluative: number;
}

export interface ConversationSignals {
  messageCount: number;
  /** One entry per message, same order as `transcript.messages`. */
  sentiment: MessageSentiment[];
  /** Indices of customer messages. */
  customerMessages: number[];
  /** Indices of bot and agent messages. */
  agentMessages: number[];
  /** Adjusted sentiment of the first and last customer message (null when there is none). */
  customerTrajectory: { first: number | null; last: number | null; firstScore: number; lastScore: number; change: number };
  /** The opening of the customer's last message (for citing end sentiment), or null. */
  lastCustomerMessage: Hit | null;
  /** Whether any customer message has at least 3 words (the customer stated a need). */
  customerStatedNeed: boolean;
  gratitude: Hit[];
  /** "No, that's all", "nothing else": the customer closes the conversation. */
  closingReplies: Hit[];
  sarcasm: SarcasmHit[];
  confirmations: ConfirmationHit[];
  negativeConfirmations: NegativeHit[];
  repeatedRequests: RepeatHit[];
  humanRequests: Hit[];
  corrections: Hit[];
  frustration: Hit[];
  handoffs: HandoffHit[];
  escalations: Hit[];
  customerLeft: EventHit[];
  /** The last non-system message. */
  lastSpeaker: { message: number; role: Role } | null;
  /** The latest non-closing question in a bot/agent message after the last customer message. */
  unansweredQuestion: Hit | null;
  /** Bot/agent messages after the last customer message (all of them when the customer never wrote). */
  messagesAfterLastCustomer: number;
  steps: StepHit[];
  empathy: Hit[];
  rudeness: RudeHit[];
  acknowledgements: Hit[];
  botLoops: LoopHit[];
  verifications: EventHit[];
  /** Refund/credit promises (any time), guarantees, sensitive disclosures — before filtering by verification. */
  promises: PolicyHit[];
  /** Refund/credit promises made before any verification, every guarantee and every sensitive disclosure. */
  policyRisks: PolicyHit[];
}

/** One analyzer for the process (the package keeps its lexicon in module state). */
const analyzer = new Sentiment();

/** Jaccard threshold for a customer message to count as a repeat of an earlier one. */
export const REPEAT_SIMILARITY = 0.6;
/** Jaccard threshold for a bot/agent message to count as a loop (near-identical to an earlier one). */
export const LOOP_SIMILARITY = 0.8;
/**
 * A bot/agent message also counts as a loop when it shares Jaccard ≥ 0.5 with an earlier one and the shorter of
 * the two (at least 6 content words) is ≥ 75% contained in the other ("Sorry about that. <same answer again>").
 */
export const LOOP_SIMILARITY_WITH_CONTAINMENT = 0.5;
export const LOOP_CONTAINMENT = 0.75;
const MIN_CONTAINMENT_TOKENS = 6;

function containment(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size < MIN_CONTAINMENT_TOKENS) return 0;
  let inter = 0;
  for (const t of small) if (large.has(t)) inter++;
  return inter / small.size;
}

/** Messages need at least this many content words to be compared. */
const MIN_COMPARE_TOKENS = 3;
/** How far back in its sentence a promise looks for a negation or condition ("if ..., we'll refund"). */
const PROMISE_NEGATION_WINDOW = 90;
/** Only the latest this-many earlier messages of the same role are compared (keeps long transcripts linear). */
const COMPARE_WINDOW = 20;

/** Jaccard can be at most |smaller| / |larger|: skip pairs that cannot reach `threshold`. */
function sizesAllow(a: ReadonlySet<string>, b: ReadonlySet<string>, threshold: number): boolean {
  return a.size <= b.size ? a.size >= threshold * b.size : b.size >= threshold * a.size;
}

/** Per message: which trigger-gated lists may match (see TRIGGERS), and the content words for similarity. */
interface MessageWords {
  mask: number;
  tokens: Set<string>;
}

function wordsOf(text: string): MessageWords {
  const tokens = new Set<string>();
  let mask = 0;
  forEachWord(text.toLowerCase(), (w) => {
    const bits = WORD_TRIGGERS.get(w);
    if (bits !== undefined) mask |= bits;
    if (!isStopword(w)) tokens.add(w);
  });
  for (const raw of RAW_TRIGGERS) if (text.includes(raw)) mask |= WORD_TRIGGERS.get(raw) ?? 0;
  return { mask, tokens };
}

/** `forEachMatch`, skipped when the message has none of the list's trigger words (see TRIGGERS). */
function scan(re: RegExp, text: string, mask: number, fn: (start: number, end: number) => void): void {
  const bit = TRIGGER_BIT.get(re);
  if (bit !== undefined && (mask & bit) === 0) return;
  forEachMatch(re, text, fn);
}

function hit(text: string, index: number, start: number, end: number): Hit {
  return { message: index, match: text.slice(start, end), quote: clauseAround(text, start, end) };
}

/** Adds a hit unless the list already has one for the same message (customer signals count once per message). */
function once<T extends Hit>(list: T[], h: T): void {
  const prev = list[list.length - 1];
  if (prev === undefined || prev.message !== h.message) list.push(h);
}

function isImperativePosition(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  if (i < 0) return true;
  const c = text[i]!;
  if ('.!?:;\n\r,-•*>)('.includes(c)) return true;
  const word = wordBefore(text, i + 1);
  if (IMPERATIVE_LEADS.has(word.text)) return true;
  if (word.text !== 'to') return false;
  return IMPERATIVE_TO_LEADS.has(wordBefore(text, word.start).text);
}

/** The lower-cased word ending at or before `end` (skipping spaces), and where it starts. */
function wordBefore(text: string, end: number): { text: string; start: number } {
  let e = end;
  while (e > 0 && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  let s = e;
  while (s > 0 && /[A-Za-z]/.test(text[s - 1]!)) s--;
  return { text: text.slice(s, e).toLowerCase(), start: s };
}

/** The sentiment package's score for the words of a match, from its calculation list (to discount "thanks"). */
function afinnOf(calculation: ReadonlyArray<Record<string, number>>, words: ReadonlySet<string>): number {
  let sum = 0;
  for (const entry of calculation) {
    for (const k in entry) if (words.has(k)) sum += entry[k]!;
  }
  return sum;
}

const GRATITUDE_WORDS = new Set(['thank', 'thanks', 'appreciate', 'appreciated', 'cheers', 'great', 'perfect', 'awesome', 'good']);

/**
 * All signals of one transcript in a single pass over its messages. Pure and deterministic: no I/O, no clock, no
 * randomness; the only state is the precompiled phrase lists and the sentiment lexicon loaded at module load.
 */
export function extractSignals(transcript: Transcript): ConversationSignals {
  const messages = transcript.messages;
  const n = messages.length;
  const sentiment: MessageSentiment[] = new Array(n);
  const customerMessages: number[] = [];
  const agentMessages: number[] = [];
  const gratitude: Hit[] = [];
  const closingReplies: Hit[] = [];
  const sarcasm: SarcasmHit[] = [];
  const confirmations: ConfirmationHit[] = [];
  const negativeConfirmations: NegativeHit[] = [];
  const repeatedRequests: RepeatHit[] = [];
  const humanRequests: Hit[] = [];
  const corrections: Hit[] = [];
  const frustration: Hit[] = [];
  const handoffs: HandoffHit[] = [];
  const escalations: Hit[] = [];
  const customerLeft: EventHit[] = [];
  const steps: StepHit[] = [];
  const empathy: Hit[] = [];
  const rudeness: RudeHit[] = [];
  const acknowledgements: Hit[] = [];
  const botLoops: LoopHit[] = [];
  const verifications: EventHit[] = [];
  const promises: PolicyHit[] = [];

  const customerTokens: { index: number; tokens: Set<string> }[] = [];
  const botTokens: { index: number; tokens: Set<string> }[] = [];
  const agentTokens: { index: number; tokens: Set<string> }[] = [];

  let customerStatedNeed = false;
  let agentSpoke = false;
  let seenBot = false;
  let lastSpeaker: { message: number; role: Role } | null = null;

  for (let i = 0; i < n; i++) {
    const m = messages[i]!;
    const text = m.text;
    if (m.role === 'system') {
      sentiment[i] = { message: i, role: 'system', scored: false, score: 0, comparative: 0, adjusted: 0, evaluative: 0 };
      const event = m.event ?? '';
      const quote = openingOf(text);
      if (event && HANDOFF_EVENT.test(event)) handoffs.push({ message: i, match: quote, quote, event, source: 'event' });
      else if (!event) forEachMatch(HANDOFF_TEXT, text, (s, e) => handoffs.push({ ...hit(text, i, s, e), source: 'text' }));
      if (event && CUSTOMER_LEFT_EVENT.test(event)) customerLeft.push({ message: i, match: quote, quote, event });
      if (event && VERIFIED_EVENT.test(event)) verifications.push({ message: i, match: quote, quote, event });
      else forEachMatch(VERIFICATION, text, (s, e) => verifications.push(hit(text, i, s, e)));
      continue;
    }

    lastSpeaker = { message: i, role: m.role };
    const words = wordsOf(text);
    const mask = words.mask;

    if (m.role === 'customer') {
      const analysis = analyzer.analyze(text);
      const entry: MessageSentiment = {
        message: i,
        role: m.role,
        scored: true,
        score: analysis.score,
        comparative: analysis.comparative,
        adjusted: analysis.score,
        evaluative: analysis.score,
      };
      sentiment[i] = entry;
      customerMessages.push(i);
      if (!customerStatedNeed && wordCount(text) >= 3) customerStatedNeed = true;
      const isFirstCustomer = customerMessages.length === 1;

      scan(HUMAN_REQUEST, text, mask, (s, e) => once(humanRequests, hit(text, i, s, e)));
      scan(FRUSTRATION, text, mask, (s, e) => once(frustration, hit(text, i, s, e)));

      // Sarcasm, resignation and negative confirmations (the latter only once the bot/agent has tried something).
      const sarcasmBefore = sarcasm.length;
      scan(SARCASM, text, mask, (s, e) => once(sarcasm, { ...hit(text, i, s, e), kind: 'phrase' }));
      const negBefore = negativeConfirmations.length;
      // The first customer message states the problem ("still haven't had my refund"): it is not feedback.
      if (agentSpoke && !isFirstCustomer) {
        scan(RESIGNED, text, mask, (s, e) => once(negativeConfirmations, { ...hit(text, i, s, e), kind: 'resigned' }));
        scan(NEGATIVE_CONFIRMATION, text, mask, (s, e) => once(negativeConfirmations, { ...hit(text, i, s, e), kind: 'negative' }));
        scan(CORRECTION, text, mask, (s, e) => once(corrections, hit(text, i, s, e)));
      }
      let negativeHere = negativeConfirmations.length > negBefore;

      // Gratitude: sincere only. Thanks inside a strongly negative later message counts as sarcasm.
      if (agentSpoke && sarcasm.length === sarcasmBefore && !negativeHere) {
        const found: Hit[] = [];
        scan(GRATITUDE, text, mask, (s, e) => once(found, hit(text, i, s, e)));
        const thanks = found[0];
        if (thanks) {
          const rest = analysis.score - afinnOf(analysis.calculation, GRATITUDE_WORDS);
          if (!isFirstCustomer && rest <= -3) sarcasm.push({ ...thanks, kind: 'negative_context' });
          else gratitude.push(thanks);
        }
      }
      const sarcastic = sarcasm.length > sarcasmBefore;
      negativeHere = negativeHere || sarcastic;
      // AFINN misreads sarcasm and polite give-ups ("great. I'll just use a spreadsheet"): force them negative.
      if (negativeHere) entry.adjusted = Math.min(-2, -Math.abs(analysis.score));
      // Courtesy ("thank you for your help") says little about satisfaction: the evaluative score leaves it out.
      entry.evaluative = negativeHere ? entry.adjusted : entry.adjusted - afinnOf(analysis.calculation, COURTESY_WORDS);

      if (agentSpoke && !negativeHere) {
        const closingBefore = closingReplies.length;
        scan(CLOSING_REPLY, text, mask, (s, e) => once(closingReplies, hit(text, i, s, e)));
        // AFINN reads "no, that's all" as negative; a closing reply is at worst neutral.
        if (closingReplies.length > closingBefore) {
          if (entry.adjusted < 0) entry.adjusted = 0;
          if (entry.evaluative < 0) entry.evaluative = 0;
        }
        let confirmation: ConfirmationHit | undefined;
        scan(CONFIRMATION, text, mask, (s, e) => {
          if (confirmation?.kind === 'fix' || negatedBefore(text, s, 20, CONFIRMATION_NEGATION) || inQuestion(text, e)) return;
          const h = hit(text, i, s, e);
          const kind = matches(ACCEPTANCE_ONLY, h.match) ? 'acceptance' : 'fix';
          if (confirmation === undefined || kind === 'fix') confirmation = { ...h, kind };
        });
        if (confirmation) confirmations.push(confirmation);
      }

      if (agentSpoke) {
        scan(EXPLICIT_REPEAT, text, mask, (s, e) =>
          once(repeatedRequests, { ...hit(text, i, s, e), kind: 'explicit', of: null, similarity: null }),
        );
      }
      const tokens = words.tokens;
      if (tokens.size >= MIN_COMPARE_TOKENS) {
        let best = 0;
        let bestOf = -1;
        for (let k = Math.max(0, customerTokens.length - COMPARE_WINDOW); k < customerTokens.length; k++) {
          const prev = customerTokens[k]!;
          if (!sizesAllow(tokens, prev.tokens, REPEAT_SIMILARITY)) continue;
          const sim = jaccard(tokens, prev.tokens);
          if (sim > best) {
            best = sim;
            bestOf = prev.index;
          }
        }
        if (best >= REPEAT_SIMILARITY && last(repeatedRequests)?.message !== i) {
          const quote = openingOf(text);
          repeatedRequests.push({ message: i, match: quote, quote, kind: 'similar', of: bestOf, similarity: round2(best) });
        }
        customerTokens.push({ index: i, tokens });
      }
      continue;
    }

    // Bot or agent message.
    sentiment[i] = { message: i, role: m.role, scored: false, score: 0, comparative: 0, adjusted: 0, evaluative: 0 };
    agentMessages.push(i);
    agentSpoke = true;
    if (m.role === 'bot') seenBot = true;
    else if (seenBot && handoffs.length === 0) {
      const quote = openingOf(text, 80);
      handoffs.push({ message: i, match: quote, quote, source: 'role_change' });
    }

    scan(EMPATHY, text, mask, (s, e) => {
      if (/sorry$/i.test(text.slice(s, e)) && FALLBACK_AFTER_SORRY.test(text.slice(e, e + 40))) return;
      empathy.push(hit(text, i, s, e));
    });
    scan(RUDE_STRONG, text, mask, (s, e) => rudeness.push({ ...hit(text, i, s, e), strong: true }));
    scan(RUDE_MILD, text, mask, (s, e) => rudeness.push({ ...hit(text, i, s, e), strong: false }));
    scan(ACKNOWLEDGEMENT, text, mask, (s, e) => acknowledgements.push(hit(text, i, s, e)));
    scan(HANDOFF_TEXT, text, mask, (s, e) => handoffs.push({ ...hit(text, i, s, e), source: 'text' }));
    scan(ESCALATION, text, mask, (s, e) => escalations.push(hit(text, i, s, e)));
    scan(VERIFICATION, text, mask, (s, e) => verifications.push(hit(text, i, s, e)));

    scan(REFUND_PROMISE, text, mask, (s, e) => {
      if (!negatedBefore(text, s, PROMISE_NEGATION_WINDOW)) promises.push({ ...hit(text, i, s, e), kind: 'refund_promise' });
    });
    scan(GUARANTEE, text, mask, (s, e) => {
      if (!negatedBefore(text, s, PROMISE_NEGATION_WINDOW)) promises.push({ ...hit(text, i, s, e), kind: 'guarantee' });
    });
    scan(SENSITIVE_DISCLOSURE, text, mask, (s, e) => promises.push({ ...hit(text, i, s, e), kind: 'sensitive' }));

    collectSteps(text, mask, i, steps);

    // Loops: near-identical to an earlier message of the same role.
    const tokens = words.tokens;
    const pool = m.role === 'bot' ? botTokens : agentTokens;
    if (tokens.size >= MIN_COMPARE_TOKENS) {
      for (let k = pool.length - 1; k >= Math.max(0, pool.length - COMPARE_WINDOW); k--) {
        const prev = pool[k]!;
        if (!sizesAllow(tokens, prev.tokens, LOOP_SIMILARITY_WITH_CONTAINMENT)) continue;
        const sim = jaccard(tokens, prev.tokens);
        if (sim >= LOOP_SIMILARITY || (sim >= LOOP_SIMILARITY_WITH_CONTAINMENT && containment(tokens, prev.tokens) >= LOOP_CONTAINMENT)) {
          const quote = openingOf(text);
          botLoops.push({ message: i, match: quote, quote, of: prev.index, similarity: round2(sim) });
          break;
        }
      }
      pool.push({ index: i, tokens });
    }
  }

  // After the last customer message: how long is the tail, and does it end on an open question?
  const lastCustomer = customerMessages.length > 0 ? customerMessages[customerMessages.length - 1]! : -1;
  let messagesAfterLastCustomer = 0;
  let unansweredQuestion: Hit | null = null;
  for (let i = lastCustomer + 1; i < n; i++) {
    const m = messages[i]!;
    if (m.role !== 'bot' && m.role !== 'agent') continue;
    messagesAfterLastCustomer++;
    const q = openQuestion(m.text, i);
    if (q) unansweredQuestion = q;
  }

  // Policy risks: refund promises before the first verification; guarantees and disclosures always.
  const firstVerified = verifications.length > 0 ? Math.min(...verifications.map((v) => v.message)) : Infinity;
  const policyRisks = promises.filter((p) => p.kind !== 'refund_promise' || p.message < firstVerified);

  const firstC = customerMessages.length > 0 ? customerMessages[0]! : null;
  const firstScore = firstC === null ? 0 : sentiment[firstC]!.adjusted;
  const lastScore = lastCustomer < 0 ? 0 : sentiment[lastCustomer]!.adjusted;

  return {
    messageCount: n,
    sentiment,
    customerMessages,
    agentMessages,
    customerTrajectory: { first: firstC, last: lastCustomer < 0 ? null : lastCustomer, firstScore, lastScore, change: lastScore - firstScore },
    lastCustomerMessage: lastCustomer < 0 ? null : openingHit(messages[lastCustomer]!.text, lastCustomer),
    customerStatedNeed,
    gratitude,
    closingReplies,
    sarcasm,
    confirmations,
    negativeConfirmations,
    repeatedRequests,
    humanRequests,
    corrections,
    frustration,
    handoffs,
    escalations,
    customerLeft,
    lastSpeaker,
    unansweredQuestion,
    messagesAfterLastCustomer,
    steps,
    empathy,
    rudeness,
    acknowledgements,
    botLoops,
    verifications,
    promises,
    policyRisks,
  };
}

function openingHit(text: string, index: number): Hit {
  const quote = openingOf(text);
  return { message: index, match: quote, quote };
}

/** Links to general help pages are pointers, not concrete steps. */
const HELP_LINK = /\/(?:help|faq|faqs|support|kb|knowledge|articles?|hc)\b/i;

function last<T>(list: readonly T[]): T | undefined {
  return list[list.length - 1];
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The latest question in a bot/agent message that is not a closing formula ("anything else?"). */
function openQuestion(text: string, index: number): Hit | null {
  let found: Hit | null = null;
  let q = text.indexOf('?');
  while (q !== -1) {
    const sentence = questionEndingAt(text, q);
    if (!matches(CLOSING_QUESTION, sentence)) found = { message: index, match: sentence, quote: sentence };
    q = text.indexOf('?', q + 1);
  }
  return found;
}

/** Cheap pre-checks that skip the costlier step regexes on messages that cannot match them. */
const HAS_DIGIT = /\d/;
const HAS_NAV_ARROW = /[→>»]/;
const HAS_LINK_HINT = /\/|www\./i;

function collectSteps(text: string, mask: number, index: number, steps: StepHit[]): void {
  const digits = HAS_DIGIT.test(text);
  // Numbered lists: need items 1 and 2.
  if (digits) collectNumbered(text, index, steps);
  let vagueUntil = -1;
  scan(IMPERATIVE, text, mask, (s) => {
    if (!isImperativePosition(text, s)) return;
    const quote = sentenceFrom(text, s);
    const vague = matches(VAGUE_POINTER, quote);
    if (vague) vagueUntil = s + quote.length;
    steps.push({ message: index, match: quote, quote, kind: vague ? 'vague' : 'imperative' });
  });
  scan(VAGUE_POINTER, text, mask, (s, e) => {
    if (e <= vagueUntil) return; // already recorded through its imperative verb
    steps.push({ ...hit(text, index, s, e), kind: 'vague' });
  });
  if (HAS_NAV_ARROW.test(text)) forEachMatch(NAV_PATH, text, (s, e) => steps.push({ ...hit(text, index, s, e), kind: 'imperative' }));
  if (HAS_LINK_HINT.test(text)) {
    forEachMatch(LINK, text, (s, e) => {
      let end = e;
      while (end > s && '.,;:!?'.includes(text[end - 1]!)) end--;
      const url = text.slice(s, end);
      steps.push({ message: index, match: url, quote: url, kind: HELP_LINK.test(url) ? 'vague' : 'link' });
    });
  }
  scan(TIMELINE, text, mask, (s, e) => steps.push({ ...hit(text, index, s, e), kind: 'timeline' }));
  if (digits) forEachMatch(REFERENCE, text, (s, e) => steps.push({ ...hit(text, index, s, e), kind: 'reference' }));
  scan(ACTION, text, mask, (s, e) => steps.push({ ...hit(text, index, s, e), kind: 'action' }));
  scan(COMMITMENT, text, mask, (s, e) => steps.push({ ...hit(text, index, s, e), kind: 'commitment' }));
}

function collectNumbered(text: string, index: number, steps: StepHit[]): void {
  NUMBERED_ITEM.lastIndex = 0;
  let m: RegExpExecArray | null;
  let firstItemAt = -1;
  let hasTwo = false;
  while ((m = NUMBERED_ITEM.exec(text)) !== null) {
    if (m[1] === '1' && firstItemAt < 0) firstItemAt = m.index + m[0].length - m[0].trimStart().length;
    else if (m[1] === '2' && firstItemAt >= 0) hasTwo = true;
  }
  if (firstItemAt >= 0 && hasTwo) {
    const quote = lineFrom(text, firstItemAt);
    steps.push({ message: index, match: quote, quote, kind: 'numbered' });
  }
}

/** From `start` to the end of the line, or to the next numbered item, at most 100 characters. */
function lineFrom(text: string, start: number): string {
  let e = start;
  const maxE = Math.min(text.length, start + 100);
  while (e < maxE && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) {
    if (e > start + 2 && /\s/.test(text[e - 1]!) && /[2-9]/.test(text[e]!) && /[.)]/.test(text[e + 1] ?? '')) break;
    e++;
  }
  return text.slice(start, e).trim();
}
