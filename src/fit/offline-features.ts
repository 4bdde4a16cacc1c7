/**
 * The offline judge's signals as a fixed vector of named numbers: the input of a fitted offline model. Every
 * feature is a count, a flag or a sentiment score the offline judge already computes (see
 * src/judge/offline/README.md), plus VADER sentiment (the `vader-sentiment` package: negation- and
 * intensity-aware, e.g. "not good at all" is negative) of the customer's messages. The list and its order are part
 * of every stored model; `FEATURE_SET_VERSION` changes when they change, and a model of another version is refused.
 */
import { customerVader, vaderCompound } from '../judge/offline/customer-vader.js';
import { scoreResolution } from '../judge/offline/score-resolution.js';
import { estimateCsat } from '../judge/offline/score-csat.js';
import { extractSignals } from '../judge/offline/signals.js';
import type { Transcript } from '../transcript/schema.js';

export const FEATURE_SET_VERSION = 1;

export const OFFLINE_FEATURES = [
  'csat_formula',
  'end_sentiment',
  'gratitude_at_end',
  'confirmed_fix',
  'outcome_resolved',
  'outcome_escalated',
  'outcome_unresolved',
  'outcome_abandoned',
  'positive_replies',
  'repeats',
  'human_requests',
  'corrections',
  'frustration',
  'sarcasm',
  'negative_confirmations',
  'bot_rudeness',
  'bot_loops',
  'customer_messages',
  'bot_messages',
  'mean_customer_sentiment',
  'min_customer_sentiment',
  'vader_last',
  'vader_closing',
  'vader_mean',
  'vader_min',
  'customer_spoke_last',
  'unanswered_question',
] as const;
export type OfflineFeature = (typeof OFFLINE_FEATURES)[number];

const cap = (x: number, max: number) => Math.min(x, max);
const log1p = (x: number) => Math.log1p(x);

/** The feature vector of one transcript, in `OFFLINE_FEATURES` order. Never reads `transcript.survey`. */
export function offlineFeatures(transcript: Transcript): number[] {
  const s = extractSignals(transcript);
  const resolution = scoreResolution(s);
  const csat = estimateCsat(s, resolution, customerVader(transcript, s));
  const customer = s.customerMessages;
  const adjusted = customer.map((i) => s.sentiment[i]!.adjusted);
  const vaders = customer.map((i) => vaderCompound(transcript.messages[i]!.text));
  const closing = vaders.slice(-2);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const confirmed = resolution.outcome === 'resolved' && resolution.confirmedBy?.kind === 'fix';
  const lastTwo = customer.slice(-2);
  const values: Record<OfflineFeature, number> = {
    csat_formula: csat.raw,
    end_sentiment: s.customerTrajectory.last === null ? 0 : Math.max(-5, Math.min(5, s.sentiment[s.customerTrajectory.last]!.evaluative)),
    gratitude_at_end: s.gratitude.some((g) => lastTwo.includes(g.message)) ? 1 : 0,
    confirmed_fix: confirmed ? 1 : 0,
    outcome_resolved: resolution.outcome === 'resolved' ? 1 : 0,
    outcome_escalated: resolution.outcome === 'escalated' ? 1 : 0,
    outcome_unresolved: resolution.outcome === 'unresolved' ? 1 : 0,
    outcome_abandoned: resolution.outcome === 'abandoned' ? 1 : 0,
    positive_replies: log1p(customer.slice(1).filter((i) => s.sentiment[i]!.adjusted >= 2).length),
    repeats: cap(s.repeatedRequests.length, 3),
    human_requests: cap(s.humanRequests.length, 3),
    corrections: cap(s.corrections.length, 3),
    frustration: cap(s.frustration.length, 3),
    sarcasm: cap(s.sarcasm.length, 2),
    negative_confirmations: cap(s.negativeConfirmations.length, 3),
    bot_rudeness: cap(s.rudeness.length, 2),
    bot_loops: cap(s.botLoops.length, 3),
    customer_messages: log1p(customer.length),
    bot_messages: log1p(s.agentMessages.length),
    mean_customer_sentiment: Math.max(-5, Math.min(5, mean(adjusted))),
    min_customer_sentiment: adjusted.length ? Math.max(-5, Math.min(...adjusted)) : 0,
    vader_last: vaders.length ? vaders[vaders.length - 1]! : 0,
    vader_closing: mean(closing),
    vader_mean: mean(vaders),
    vader_min: vaders.length ? Math.min(...vaders) : 0,
    customer_spoke_last: s.lastSpeaker?.role === 'customer' ? 1 : 0,
    unanswered_question: s.unansweredQuestion ? 1 : 0,
  };
  return OFFLINE_FEATURES.map((f) => values[f]);
}
