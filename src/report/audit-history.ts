import { describeFit } from '../fit/fit-model.js';
import { fitsNamedIn } from '../fit/fitted-judge.js';
import { fitsById, fitsByKey, type StoredFit } from '../store/fit-repository.js';
import { contentHashesOf, EvaluationDetails, evaluationsOfTranscript } from '../store/audit-queries.js';
import { DecisionRepository, type DecisionRecord } from '../store/decision-repository.js';
import { queryFindings, type FindingRecord } from '../store/finding-queries.js';
import type { Db } from '../store/open-database.js';
import type { StoredVerdict } from '../store/stored-verdict.js';

/** One criterion's verdict within an audited evaluation; `na_code` only on an N/A a judge could not avoid (see `Verdict.na_code`). */
export type AuditCriterion = Omit<StoredVerdict, 'na_code'> & { na_code?: string };

/** Who judged: the judge's name and fingerprint, and for model judges the model and prompt template hash. */
export interface JudgeProvenance {
  name: string;
  fingerprint: string | null;
  /** `gpt-4.1-mini` for `openai:gpt-4.1-mini`; null for the offline and rule judges and panels. */
  model: string | null;
  provider: string | null;
  /** From the run's options (`prompt_template_hash`), when the run recorded it. */
  prompt_template_hash: string | null;
  /** The fitted models (`cxqa fit`) in force, from the `+fit-<key>` versions in the judge's name. */
  fits?: FitProvenance[];
  /** Fit versions the judge's name carries that this database cannot show (not in it, or an old `+fitN` id that now names another fit). */
  unresolved_fits?: string[];
}

/** One fitted model a judge used: version, criterion, kind, where its labels came from, and the model in one line. */
export interface FitProvenance {
  /** The fit's key, as judge names carry it. */
  key: string;
  /** Its row id in this database. */
  id: number;
  criterion: string;
  kind: string;
  labels: number;
  source: string;
  created_at: string;
  model: string;
}

/** One evaluation of the conversation: a content hash judged with one rubric by one judge. */
export interface AuditEvaluation {
  evaluation_id: number;
  created_at: string;
  /** The run that produced this evaluation. */
  evaluated_in_run: string;
  /** Every run that covered it (itself and later runs that reused it), oldest first. */
  runs: string[];
  content_hash: string;
  status: string;
  qa_score: number | null;
  auto_fail: boolean;
  rubric: { id: string; version: string; hash: string };
  judge: JudgeProvenance;
  criteria: AuditCriterion[];
  findings: FindingRecord[];
}

/** The full history of verdicts for one conversation, across runs, content versions, rubrics and judges. */
export interface AuditHistory {
  transcript_id: string;
  /** Distinct content hashes seen for this id, oldest first. */
  content_hashes: string[];
  evaluations: AuditEvaluation[];
  /** Findings whose evaluation was later replaced (a partial evaluation re-done): kept, as findings are never deleted. */
  superseded_findings: FindingRecord[];
  /** Every human decision (`cxqa review decide`) about this conversation, oldest first; the latest per criterion is in force. */
  decisions: DecisionRecord[];
}

/**
 * Adds the fits named in a judge name such as `offline:v1+fit-3f9a0c12d4e5`. A name written before fits were named
 * by key (`offline:v1+fit3`) carries a row id, which `merge` may have given to another fit: such a fit is shown only
 * when it was made for this judge's unfitted fingerprint; otherwise, like a fit missing from the database, it is
 * listed in `unresolved_fits` rather than shown as the wrong model.
 */
export function withFits(db: Db, j: JudgeProvenance): JudgeProvenance {
  const { keys, legacyIds } = fitsNamedIn(j.name);
  if (keys.length === 0 && legacyIds.length === 0) return j;
  const base = j.fingerprint?.replace(/(\+fit(-[0-9a-f]{12}|\d+))+$/, '') ?? null;
  const byKey = fitsByKey(db, keys);
  const byId = fitsById(db, legacyIds).filter((f) => base !== null && f.judge_fingerprint === base);
  const unresolved = [
    ...keys.filter((k) => !byKey.some((f) => f.key === k)).map((k) => `fit-${k}`),
    ...legacyIds.filter((id) => !byId.some((f) => f.id === id)).map((id) => `fit${id}`),
  ];
  const fits = [...byKey, ...byId].map((f: StoredFit) => ({
    key: f.key,
    id: f.id,
    criterion: f.criterion_id,
    kind: f.kind,
    labels: f.labels,
    source: f.source,
    created_at: f.created_at,
    model: describeFit(f.model),
  }));
  return { ...j, fits, ...(unresolved.length ? { unresolved_fits: unresolved } : {}) };
}

const NON_MODEL_PROVIDERS = new Set(['offline', 'rule', 'panel']);

/** Model and provider from a judge name such as `openai:gpt-4.1-mini`; prompt hash from the run's options. */
export function judgeProvenance(name: string, fingerprint: string | null, optionsJson: string | null): JudgeProvenance {
  const colon = name.indexOf(':');
  const provider = colon > 0 ? name.slice(0, colon) : name;
  const isModel = colon > 0 && !NON_MODEL_PROVIDERS.has(provider) && !name.includes(',');
  let prompt: string | null = null;
  try {
    const options = JSON.parse(optionsJson ?? '{}') as Record<string, unknown>;
    const value = options['prompt_template_hash'] ?? options['prompts'];
    if (typeof value === 'string') prompt = value;
  } catch {
    prompt = null;
  }
  return {
    name,
    fingerprint,
    model: isModel ? name.slice(colon + 1) : null,
    provider: isModel ? provider : null,
    prompt_template_hash: isModel ? prompt : null,
  };
}

/** Reads the audit history of one transcript id; `undefined` when the store has never seen it. */
export function auditHistory(db: Db, transcriptId: string): AuditHistory | undefined {
  const evaluations = evaluationsOfTranscript(db, transcriptId);
  const hashes = contentHashesOf(db, transcriptId);
  const allFindings = [...queryFindings(db, { transcriptId })];
  const decisions = new DecisionRepository(db).forTranscript(transcriptId);
  if (evaluations.length === 0 && hashes.length === 0 && allFindings.length === 0 && decisions.length === 0) return undefined;

  const details = new EvaluationDetails(db);
  const known = new Set(evaluations.map((e) => e.id));
  return {
    transcript_id: transcriptId,
    content_hashes: hashes,
    evaluations: evaluations.map((e) => ({
      evaluation_id: e.id,
      created_at: e.created_at,
      evaluated_in_run: e.run_id,
      runs: details.coveringRuns(e.id),
      content_hash: e.content_hash,
      status: e.status,
      qa_score: e.qa_score,
      auto_fail: e.auto_fail,
      rubric: { id: e.rubric_id ?? '?', version: e.rubric_version ?? '?', hash: e.rubric_hash },
      judge: withFits(db, judgeProvenance(e.judge, e.judge_fingerprint, e.options_json)),
      criteria: details.verdicts(e.id).map(({ na_code, ...v }) => ({ ...v, ...(na_code ? { na_code } : {}) })),
      findings: allFindings.filter((f) => f.evaluation_id === e.id),
    })),
    superseded_findings: allFindings.filter((f) => !known.has(f.evaluation_id)),
    decisions,
  };
}
