import type { JudgedCriterion } from '../../rubric/schema.js';
import { canonicalJson, sha256 } from '../../shared/hash.js';
import type { Transcript } from '../../transcript/schema.js';
import type { Judge, JudgeRequest, JudgeResponse } from '../judge.js';
import type { JudgeCall, TokenUsage } from '../../values/judge-call.js';
import type { Verdict, VerdictError } from '../../values/verdict.js';
import type { JudgeSettings } from '../judge-settings.js';
import { buildJudgePrompt, buildRepairMessage } from './build-messages.js';
import type { ModelProvider, ProviderAnswer, ProviderRequest } from '../provider/model-provider.js';
import { parseAnswer, type AnswerProblem, type ParsedAnswer } from './parse-verdicts.js';
import type { PromptTemplates } from './prompt-templates.js';
import { ProviderCallError } from '../provider/provider-error.js';
import { countingRequests } from '../provider/guarded-fetch.js';
import type { Redactor } from './redact-secrets.js';
import { newBoundary } from './transcript-fence.js';
import { noRedaction, type TranscriptRedactor } from './transcript-redaction.js';
import type { CriterionAnswer } from './verdict-schema.js';
import { verdictSchemaFor } from './verdict-schema.js';
import { verifyEvidence } from './verify-evidence.js';

/** `transcript`: one call scores all judged criteria. `criterion`: one call per criterion. */
export type CallPer = 'transcript' | 'criterion';
export const CALL_PER_MODES: readonly CallPer[] = ['transcript', 'criterion'];

/** One call of a judgement, planned for a provider batch: the criteria it covers and the exact request. */
export interface PlannedCall {
  /** Ids of the judged criteria this call answers. */
  criteria: string[];
  /** The transcript fence tag used in `request.user` (kept so a repair can repeat the same prompt). */
  boundary: string;
  request: ProviderRequest;
}

/** The answer to a {@link PlannedCall}, fetched from a provider batch: a response, or the error the provider gave for it. */
export interface PrefetchedAnswer {
  criteria: readonly string[];
  boundary: string;
  outcome: { answer: ProviderAnswer } | { error: ProviderCallError };
}

/**
 * One HTTP request of a judgement (or one answer of a provider batch): its tokens (null when it failed, e.g. a
 * 500 the SDK retried, or when the provider reported none), whether it was billed at batch prices, and whether
 * it failed (a failed request is not billed: cost 0).
 */
interface CallUsage {
  usage: TokenUsage | null;
  batch: boolean;
  failed: boolean;
}

const FAILED_REQUEST: CallUsage = { usage: null, batch: false, failed: true };

/** Bumped when the way answers are requested or interpreted changes (part of the fingerprint). */
const LLM_JUDGE_FORMAT = 1;
/** The largest output budget a truncation retry asks for. */
const MAX_RETRY_OUTPUT_TOKENS = 16_384;

export interface LlmJudgeOptions {
  /** The judge spec, e.g. `openai:gpt-4.1-mini`: the judge's name, stored with every verdict. */
  name: string;
  /** The settings the judge was built with, as given (defaults not filled in): what a provider batch stores. */
  settings?: JudgeSettings | undefined;
  provider: ModelProvider;
  templates: PromptTemplates;
  maxOutputTokens: number;
  temperature?: number | undefined;
  callPer: CallPer;
  /** Removes API keys from every message the judge produces. */
  redactSecrets: Redactor;
  /** PII redaction before the transcript is sent (identity by default). */
  redact?: TranscriptRedactor | undefined;
  /** The kinds of data `redact` replaces: part of the fingerprint, since it changes what the model sees. */
  redactTypes?: readonly string[] | undefined;
}

/**
 * A model judge: asks a provider for structured verdicts, validates them criterion by criterion, makes
 * one repair attempt for an unusable answer, verifies every evidence quote against the original transcript,
 * and turns anything that still failed into error verdicts (never a silent score).
 */
export class LlmJudge implements Judge {
  readonly name: string;
  readonly fingerprint: string;
  readonly promptTemplateHash: string;
  /** The settings it was built with (see {@link LlmJudgeOptions.settings}). */
  readonly settings: JudgeSettings;
  private readonly opts: LlmJudgeOptions;
  private readonly redactTranscript: TranscriptRedactor;

  constructor(opts: LlmJudgeOptions) {
    this.opts = opts;
    this.name = opts.name;
    this.settings = opts.settings ?? {};
    this.redactTranscript = opts.redact ?? noRedaction;
    this.promptTemplateHash = opts.templates.version;
    this.fingerprint = sha256(
      canonicalJson({
        format: LLM_JUDGE_FORMAT,
        provider: opts.provider.provider,
        model: opts.provider.model,
        base_url: opts.provider.baseURL ?? null,
        prompts: opts.templates.version,
        temperature: opts.temperature ?? null,
        max_output_tokens: opts.maxOutputTokens,
        call_per: opts.callPer,
        redact: opts.redactTypes ?? [],
      }),
    );
  }

  /** The provider this judge calls (batch submission uses its request bodies and SDK client). */
  get modelProvider(): ModelProvider {
    return this.opts.provider;
  }

  /** Removes API keys from text (for messages built outside the judge, e.g. batch errors). */
  get redactSecrets(): Redactor {
    return this.opts.redactSecrets;
  }

  /**
   * The calls {@link judge} would make first for this request (one, or one per criterion), with their exact
   * requests: what a provider batch submits. Same prompt, schema and output budget as a synchronous call.
   */
  planCalls(request: JudgeRequest): PlannedCall[] {
    const { transcript: forModel } = this.redactTranscript(request.transcript);
    return this.groupsOf(request.criteria).map((group) => {
      const boundary = newBoundary();
      const schema = verdictSchemaFor(request.rubricHash, group);
      const prompt = buildJudgePrompt(this.opts.templates, request.rubric, group, forModel, boundary);
      return {
        criteria: group.map((c) => c.id),
        boundary,
        request: { system: prompt.system, user: prompt.user, schema: schema.jsonSchema, maxTokens: this.opts.maxOutputTokens },
      };
    });
  }

  /**
   * Finishes a judgement from first answers fetched elsewhere (a provider batch) exactly as {@link judge} does
   * after its first calls: validation, at most one (synchronous) repair, evidence checks, error verdicts. The
   * batch answers are listed in `calls` with `batch: true` (priced at batch rates by the cost decorator).
   */
  async judgeWithAnswers(request: JudgeRequest, answers: readonly PrefetchedAnswer[]): Promise<JudgeResponse> {
    const { transcript: forModel, restore } = this.redactTranscript(request.transcript);
    const byId = new Map(request.criteria.map((c) => [c.id, c]));
    const verdicts: Verdict[] = [];
    const calls: JudgeCall[] = [];
    for (const prefetched of answers) {
      const group = prefetched.criteria.map((id) => byId.get(id)).filter((c): c is JudgedCriterion => c !== undefined);
      if (group.length === 0) continue;
      const first = async (): Promise<ProviderAnswer> => {
        if ('error' in prefetched.outcome) throw prefetched.outcome.error;
        return prefetched.outcome.answer;
      };
      const out = await this.judgeGroup(request, group, forModel, restore, { boundary: prefetched.boundary, first });
      verdicts.push(...out.verdicts);
      calls.push(...out.usages.map((u) => this.toCall(u)));
    }
    return { verdicts, calls };
  }

  private groupsOf(criteria: JudgedCriterion[]): JudgedCriterion[][] {
    return this.opts.callPer === 'criterion' ? criteria.map((c) => [c]) : [criteria];
  }

  async judge(request: JudgeRequest): Promise<JudgeResponse> {
    const { transcript: forModel, restore } = this.redactTranscript(request.transcript);
    const groups = this.groupsOf(request.criteria);
    const verdicts: Verdict[] = [];
    const calls: JudgeCall[] = [];
    const usage: TokenUsage = { input_tokens: 0, output_tokens: 0 };
    let reported = false;
    // Calls of one transcript run one after another: `--concurrency` bounds the requests in flight.
    for (const group of groups) {
      const out = await this.judgeGroup(request, group, forModel, restore);
      verdicts.push(...out.verdicts);
      for (const u of out.usages) {
        calls.push(this.toCall(u));
        if (!u.usage) continue;
        reported = true;
        usage.input_tokens += u.usage.input_tokens;
        usage.output_tokens += u.usage.output_tokens;
        if (u.usage.cached_input_tokens !== undefined) usage.cached_input_tokens = (usage.cached_input_tokens ?? 0) + u.usage.cached_input_tokens;
      }
    }
    // Every HTTP request is a call (repairs, per-criterion calls and the SDK's retries included): the run
    // summary's call count is the requests really made.
    return { verdicts, ...(reported ? { usage } : {}), ...(calls.length > 0 ? { calls } : {}) };
  }

  /** A request as a call: priced later from its tokens (by the cost decorator); a failed request costs nothing. */
  private toCall(u: CallUsage): JudgeCall {
    return { judge: this.name, usage: u.usage, cost_usd: u.failed ? 0 : null, cache_hit: false, ...(u.batch ? { batch: true } : {}) };
  }

  private async judgeGroup(
    request: JudgeRequest,
    criteria: JudgedCriterion[],
    forModel: Transcript,
    restore: (quote: string) => string,
    prefetched?: { boundary: string; first: () => Promise<ProviderAnswer> },
  ): Promise<{ verdicts: Verdict[]; usages: CallUsage[] }> {
    const schema = verdictSchemaFor(request.rubricHash, criteria);
    const prompt = buildJudgePrompt(this.opts.templates, request.rubric, criteria, forModel, prefetched?.boundary);
    const usages: CallUsage[] = [];
    const call = async (maxTokens: number, followUp?: { previous: ProviderAnswer; message: string }): Promise<ProviderAnswer> => {
      const counter = { requests: 0 };
      let answer: ProviderAnswer;
      try {
        answer = await countingRequests(counter, () =>
          this.opts.provider.complete({
            system: prompt.system,
            user: prompt.user,
            schema: schema.jsonSchema,
            maxTokens,
            ...(followUp ? { followUp } : {}),
            ...(request.signal ? { signal: request.signal } : {}),
          }),
        );
      } catch (err) {
        for (let i = 0; i < counter.requests; i++) usages.push(FAILED_REQUEST);
        throw err;
      }
      // Requests before the one answered failed (retried by the SDK). A provider that sends no HTTP through a
      // guarded fetch (a test double) counts as one request.
      for (let i = 1; i < counter.requests; i++) usages.push(FAILED_REQUEST);
      usages.push({ usage: answer.usage ?? null, batch: false, failed: false });
      return answer;
    };

    let first: ProviderAnswer;
    try {
      if (prefetched) {
        first = await prefetched.first();
        if (first.usage) usages.push({ usage: first.usage, batch: true, failed: false });
      } else first = await call(this.opts.maxOutputTokens);
    } catch (err) {
      return { verdicts: criteria.map((c) => this.errorVerdict(c.id, this.providerError(err))), usages };
    }
    const valid = new Map<string, CriterionAnswer>();
    let parsed = parseAnswer(first.raw, criteria, schema);
    merge(valid, parsed);
    let requestId = first.requestId;
    let repairFailure: VerdictError | undefined;
    let repaired = false;

    const pending = criteria.filter((c) => !valid.has(c.id));
    const problems = [...parsed.invalid.values()];
    if (pending.length > 0 && !problems.every((p) => p.code === 'JUDGE_REFUSED')) {
      // One repair attempt. Truncation: the same request with a larger output budget. Otherwise: a follow-up
      // that shows the model what was wrong. This is not a retry of a failed call (the SDK does those).
      const truncated = problems.some((p) => p.code === 'JUDGE_TRUNCATED');
      repaired = true;
      try {
        const second = truncated
          ? await call(Math.min(Math.max(this.opts.maxOutputTokens * 2, 1024), MAX_RETRY_OUTPUT_TOKENS))
          : await call(this.opts.maxOutputTokens, {
              previous: first,
              message: buildRepairMessage(this.opts.templates, criteria, describeProblem(problems), problemDetails(parsed)),
            });
        requestId = second.requestId ?? requestId;
        const reparsed = parseAnswer(second.raw, criteria, schema);
        // Criteria that validated the first time keep that verdict; the repair fills in the rest.
        for (const c of pending) {
          const answer = reparsed.valid.get(c.id);
          if (answer) valid.set(c.id, answer);
        }
        parsed = { valid: reparsed.valid, invalid: new Map([...parsed.invalid].map(([id, p]) => [id, reparsed.invalid.get(id) ?? p])) };
      } catch (err) {
        repairFailure = this.providerError(err);
      }
    }

    const verdicts = criteria.map((c): Verdict => {
      const answer = valid.get(c.id);
      if (answer) return this.toVerdict(c.id, answer, request.transcript, restore);
      if (repairFailure) return this.errorVerdict(c.id, repairFailure);
      const problem = parsed.invalid.get(c.id) ?? { code: 'JUDGE_SCHEMA_INVALID', details: ['no valid answer'] };
      const error: VerdictError = { code: problem.code, message: this.opts.redactSecrets(problemMessage(c.id, problem, repaired)) };
      if (requestId) error.request_id = requestId;
      return this.errorVerdict(c.id, error);
    });
    return { verdicts, usages };
  }

  private toVerdict(criterion: string, answer: CriterionAnswer, original: Transcript, restore: (quote: string) => string): Verdict {
    const na = answer.na === true;
    const evidence = answer.evidence.map((e) => ({ message: e.message, quote: restore(e.quote) }));
    return {
      criterion,
      value: na ? null : answer.value,
      na,
      rationale: this.opts.redactSecrets(answer.rationale),
      evidence: verifyEvidence(evidence, original),
      judge: this.name,
      error: null,
    };
  }

  private errorVerdict(criterion: string, error: VerdictError): Verdict {
    return { criterion, value: null, na: false, rationale: '', evidence: [], judge: this.name, error };
  }

  private providerError(err: unknown): VerdictError {
    if (err instanceof ProviderCallError) {
      const error: VerdictError = { code: err.code, message: this.opts.redactSecrets(err.message) };
      if (err.requestId) error.request_id = err.requestId;
      return error;
    }
    const message = err instanceof Error ? err.message : String(err);
    return { code: 'JUDGE_FAILED', message: this.opts.redactSecrets(message) };
  }
}

function merge(valid: Map<string, CriterionAnswer>, parsed: ParsedAnswer): void {
  for (const [id, answer] of parsed.valid) valid.set(id, answer);
}

function describeProblem(problems: readonly AnswerProblem[]): string {
  if (problems.some((p) => p.code === 'JUDGE_OUTPUT_MALFORMED')) return 'it was not valid JSON in the required structure.';
  return 'some verdicts do not match the required structure:';
}

/** The validation errors shown to the model in a repair (at most 20 lines). */
function problemDetails(parsed: ParsedAnswer): string[] {
  return [...parsed.invalid.values()].flatMap((p) => p.details).filter((d, i, all) => all.indexOf(d) === i).slice(0, 20);
}

function problemMessage(criterion: string, problem: AnswerProblem, repaired: boolean): string {
  const what =
    problem.code === 'JUDGE_TRUNCATED'
      ? 'the answer was cut off at the output token limit'
      : problem.code === 'JUDGE_REFUSED'
        ? 'the model refused to answer'
        : problem.code === 'JUDGE_OUTPUT_MALFORMED'
          ? 'the answer was not usable structured output'
          : 'the answer did not match the verdict schema';
  const details = problem.details.slice(0, 5).join('; ');
  return `criterion "${criterion}": ${what}${repaired ? ', also after one repair attempt' : ''}${details ? ` (${details})` : ''}`;
}
