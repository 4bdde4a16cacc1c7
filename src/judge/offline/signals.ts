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
  CLOSING_QUESTION,
  CLOSING_REPLY,
  CONFIRMATION,
  CONFIRMATION_NEGATION,
  CORRECTION,
  COURTESY_WORDS,
  EMPATHY,
  ESCALATION,
  EXPLICIT_REPEAT,
  FALLBACK_AFTER_SORRY,
  FRUSTRATION,
  GRATITUDE,
  GUARANTEE,
  HANDOFF_TEXT,
  HUMAN_REQUEST,
  NEGATIVE_CONFIRMATION,
  REFUND_PROMISE,
  REJECTION,
  REJECTION_EXCEPT,
  RESIGNED,
  RUDE_MILD,
  RUDE_STRONG,
  SARCASM,
  SENSITIVE_DISCLOSURE,
  VERIFICATION,
} from './patterns.js';
import { CUSTOMER_LEFT_EVENT, HANDOFF_EVENT, VERIFIED_EVENT } from '../../transcript/system-events.js';
import { hit, scan, wordsOf } from './message-scan.js';
import { collectSteps } from './step-signals.js';
import { loopOf, mostSimilarEarlier, remember, REPEAT_SIMILARITY, type Compared } from './similarity.js';
import type { ConfirmationHit, ConversationSignals, EventHit, HandoffHit, Hit, LoopHit, MessageSentiment, NegativeHit, PolicyHit, RepeatHit, RudeHit, SarcasmHit, StepHit } from './signal-types.js';

import {
  forEachMatch,
  inQuestion,
  matches,
  negatedBefore,
  openingOf,
  questionEndingAt,
  wordCount,
} from './text.js';


/** One analyzer for the process (the package keeps its lexicon in module state). */
const analyzer = new Sentiment();

/** How far back in its sentence a promise looks for a negation or condition ("if ..., we'll refund"). */
const PROMISE_NEGATION_WINDOW = 90;
/** Adds a hit unless the list already has one for the same message (customer signals count once per message). */
function once<T extends Hit>(list: T[], h: T): void {
  const prev = list[list.length - 1];
  if (prev === undefined || prev.message !== h.message) list.push(h);
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
  const rejections: Hit[] = [];
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

  const customerTokens: Compared[] = [];
  const botTokens: Compared[] = [];
  const agentTokens: Compared[] = [];

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

      // "No, play it on the bedroom speaker": the customer turns down what was offered (effort, for Auto-CSAT).
      if (!isFirstCustomer) {
        forEachMatch(REJECTION, text, (s, e) => {
          if (!matches(REJECTION_EXCEPT, text)) once(rejections, hit(text, i, s, e));
        });
      }
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
      const repeat = mostSimilarEarlier(words.tokens, customerTokens);
      if (repeat && repeat.similarity >= REPEAT_SIMILARITY && last(repeatedRequests)?.message !== i) {
        const quote = openingOf(text);
        repeatedRequests.push({ message: i, match: quote, quote, kind: 'similar', of: repeat.of, similarity: round2(repeat.similarity) });
      }
      remember(customerTokens, i, words.tokens);
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
    const pool = m.role === 'bot' ? botTokens : agentTokens;
    const loop = loopOf(words.tokens, pool);
    if (loop) {
      const quote = openingOf(text);
      botLoops.push({ message: i, match: quote, quote, of: loop.of, similarity: round2(loop.similarity) });
    }
    remember(pool, i, words.tokens);
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
    rejections,
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
