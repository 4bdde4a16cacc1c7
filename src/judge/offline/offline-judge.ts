/**
 * The offline judge: deterministic, no network, no key. Scores each criterion from conversation signals
 * (signals.ts) with one small scorer per built-in signal. See README.md in this folder for every rule and limit.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Criterion, JudgedCriterion } from '../../rubric/schema.js';
import type { Transcript } from '../../transcript/schema.js';
import type { Judge, JudgeRequest, JudgeResponse } from '../judge.js';
import type { Evidence, NaCode, Verdict } from '../../values/verdict.js';
import { customerVader, VADER_FORCED_NEGATIVE } from './customer-vader.js';
import { fitToCriterion } from './fit-criterion.js';
import { detectLanguage, ENGLISH_FUNCTION_WORDS, LANGUAGE_DETECTION, languageName, type LanguageGuess } from './language.js';
import { offlineSupport } from './offline-support.js';
import * as patterns from './patterns.js';
import * as systemEvents from '../../transcript/system-events.js';
import { scoreAccuracy } from './score-accuracy.js';
import { scoreActionability } from './score-actionability.js';
import { CSAT_WEIGHTS, estimateCsat, type CsatEstimate } from './score-csat.js';
import { scoreHandoff } from './score-handoff.js';
import { scorePolicy } from './score-policy.js';
import { scoreResolution, type ResolutionResult } from './score-resolution.js';
import { scoreTone } from './score-tone.js';
import type { ScorerResult } from './scorer.js';
import { extractSignals } from './signals.js';
import { LOOP_CONTAINMENT, LOOP_SIMILARITY, LOOP_SIMILARITY_WITH_CONTAINMENT, REPEAT_SIMILARITY } from './similarity.js';
import type { ConversationSignals } from './signal-types.js';
import type { OfflineSignal } from './signal-names.js';

export const OFFLINE_JUDGE_NAME = 'offline:v1';

const requirePackage = createRequire(import.meta.url);
const VADER_VERSION = (requirePackage('vader-sentiment/package.json') as { version: string }).version;
const SENTIMENT_VERSION = (requirePackage('sentiment/package.json') as { version: string }).version;

/**
 * Bump when scorer logic changes in a way the pattern hash below does not capture.
 * 2: Auto-CSAT re-anchored at 3 (evaluative end sentiment, confirmed fix vs acceptance, positive replies).
 * 3: no generic fallbacks: a criterion without an offline signal is N/A (OFFLINE_UNSUPPORTED); non-English
 *    conversations are N/A (OFFLINE_LANGUAGE).
 * 4: Auto-CSAT reads VADER sentiment (closing turns, whole conversation) instead of the AFINN end sentiment, and
 *    counts rejections of the offer (issue 14 item 3).
 */
const SCORER_REVISION = 4;

export { OFFLINE_SIGNALS, OFFLINE_SIGNAL_ALIASES, resolveOfflineSignal, type OfflineSignal } from './signal-names.js';

/** Everything computed once per transcript; resolution and CSAT are shared by several scorers. */
class ScoringContext {
  private resolutionResult: ResolutionResult | undefined;
  private csatResult: CsatEstimate | undefined;
  constructor(
    readonly transcript: Transcript,
    readonly signals: ConversationSignals,
    readonly language: LanguageGuess,
  ) {}
  get resolution(): ResolutionResult {
    return (this.resolutionResult ??= scoreResolution(this.signals));
  }
  get csat(): CsatEstimate {
    return (this.csatResult ??= estimateCsat(this.signals, this.resolution, customerVader(this.transcript, this.signals)));
  }
}

function builtIn(signal: OfflineSignal, ctx: ScoringContext): ScorerResult {
  switch (signal) {
    case 'accuracy':
      return scoreAccuracy(ctx.signals);
    case 'policy_compliance':
      return scorePolicy(ctx.signals);
    case 'tone':
      return scoreTone(ctx.signals);
    case 'actionability':
      return scoreActionability(ctx.signals);
    case 'resolution':
      return ctx.resolution;
    case 'handoff_quality':
      return scoreHandoff(ctx.signals);
    case 'auto_csat':
      return ctx.csat;
  }
}

function verdict(criterion: string, partial: Omit<Verdict, 'criterion' | 'judge'>): Verdict {
  return { criterion, judge: OFFLINE_JUDGE_NAME, ...partial };
}

/** Keeps only evidence whose quote is a non-empty verbatim substring of the cited message (a safety net). */
function verbatim(evidence: readonly Evidence[], transcript: Transcript): Evidence[] {
  return evidence.filter((e) => e.quote !== '' && (transcript.messages[e.message]?.text.includes(e.quote) ?? false));
}

/** An N/A the judge could not avoid, with its stable code (see `Verdict.na_code`). */
function declined(criterion: string, code: NaCode, reason: string): Verdict {
  return verdict(criterion, { value: null, na: true, na_code: code, rationale: `N/A (${code}): ${reason}`, evidence: [], error: null });
}

/** Why a non-English conversation is not scored, for the rationale. */
function languageReason(g: LanguageGuess): string {
  return `the conversation reads as ${languageName(g.language)}, not English (${g.letters} letters; English scores ${g.englishScore} of the best match); the offline judge's phrase lists and sentiment lexicon are English-only, so it does not score this criterion. Rule criteria are still checked; use a model judge for other languages`;
}

function scoreOne(criterion: JudgedCriterion, ctx: ScoringContext, transcript: Transcript): Verdict {
  if ((criterion as Criterion).kind === 'rule') {
    const error = { code: 'OFFLINE_UNSUPPORTED', message: `criterion "${criterion.id}" is a rule; rules are checked by the rule engine, not a judge` };
    return verdict(criterion.id, { value: null, na: false, rationale: error.message, evidence: [], error });
  }
  const support = offlineSupport(criterion);
  if (!support.supported) return declined(criterion.id, 'OFFLINE_UNSUPPORTED', support.reason);
  // Every built-in signal reads English phrase lists or the English AFINN lexicon.
  if (!ctx.language.english) return declined(criterion.id, 'OFFLINE_LANGUAGE', languageReason(ctx.language));
  let result = builtIn(support.signal, ctx);
  if (support.via === 'labels') {
    result = { ...result, rationale: `no offline signal "${criterion.offline?.signal ?? criterion.id}"; the labels are resolution outcomes: ${result.rationale}` };
  }
  const fitted = fitToCriterion(result, criterion);
  if (fitted.error?.code === 'OFFLINE_UNSUPPORTED') return declined(criterion.id, 'OFFLINE_UNSUPPORTED', fitted.error.message);
  return verdict(criterion.id, {
    value: fitted.value,
    na: fitted.na,
    rationale: fitted.rationale,
    evidence: fitted.error ? [] : verbatim(result.evidence, transcript),
    error: fitted.error,
  });
}

/** Scores the criteria for one transcript, synchronously. Never throws: a failure becomes an error verdict. */
export function judgeOffline(transcript: Transcript, criteria: readonly JudgedCriterion[]): Verdict[] {
  let ctx: ScoringContext;
  try {
    ctx = new ScoringContext(transcript, extractSignals(transcript), detectLanguage(transcript));
  } catch (err) {
    const error = { code: 'OFFLINE_FAILED', message: `signal extraction failed: ${(err as Error).message ?? String(err)}` };
    return criteria.map((c) => verdict(c.id, { value: null, na: false, rationale: error.message, evidence: [], error }));
  }
  return criteria.map((c) => {
    try {
      return scoreOne(c, ctx, transcript);
    } catch (err) {
      const error = { code: 'OFFLINE_FAILED', message: `scoring "${c.id}" failed: ${(err as Error).message ?? String(err)}` };
      return verdict(c.id, { value: null, na: false, rationale: error.message, evidence: [], error });
    }
  });
}

/** Hash of every phrase list, system-event name list, threshold and Auto-CSAT weight, so cached verdicts are invalidated when any changes. */
export function offlineFingerprint(csatWeights: unknown = CSAT_WEIGHTS): string {
  const h = createHash('sha256');
  for (const [name, value] of Object.entries({ ...patterns, ...systemEvents }).sort(([a], [b]) => a.localeCompare(b))) {
    if (value instanceof RegExp) h.update(`${name}=/${value.source}/${value.flags}\n`);
    else if (value instanceof Set) h.update(`${name}=${[...value].sort().join(',')}\n`);
  }
  h.update(`repeat=${REPEAT_SIMILARITY};loop=${LOOP_SIMILARITY},${LOOP_SIMILARITY_WITH_CONTAINMENT},${LOOP_CONTAINMENT};rev=${SCORER_REVISION}\n`);
  h.update(`csat=${JSON.stringify(csatWeights)}`);
  h.update(`;language=${JSON.stringify(LANGUAGE_DETECTION)};${[...ENGLISH_FUNCTION_WORDS].join(',')}`);
  // The sentiment lexicons are data too: a new release of either package may change verdicts.
  h.update(`;vader=${VADER_VERSION},forced=${VADER_FORCED_NEGATIVE};afinn=${SENTIMENT_VERSION}`);
  return `${OFFLINE_JUDGE_NAME}:${h.digest('hex').slice(0, 16)}`;
}

const FINGERPRINT = offlineFingerprint();

export class OfflineJudge implements Judge {
  readonly name = OFFLINE_JUDGE_NAME;
  readonly fingerprint = FINGERPRINT;

  async judge(request: JudgeRequest): Promise<JudgeResponse> {
    request.signal?.throwIfAborted();
    return { verdicts: judgeOffline(request.transcript, request.criteria) };
  }

  /** The same as `judge`, without the promise (for benchmarks and tests). */
  judgeTranscript(transcript: Transcript, criteria: readonly JudgedCriterion[]): Verdict[] {
    return judgeOffline(transcript, criteria);
  }
}
