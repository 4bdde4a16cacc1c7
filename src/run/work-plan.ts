import type { Judge } from '../judge/judge.js';
import type { EvaluationKey, RunItemProblem } from '../store/evaluation-repository.js';
import { contentHash } from '../shared/hash.js';
import type { ReadLimits, TranscriptLineError } from '../transcript/read-jsonl.js';
import type { Transcript } from '../transcript/schema.js';
import { transcriptLines, type TranscriptSource } from '../transcript/transcript-source.js';
import { isSelected, type TranscriptSelection } from './select-transcripts.js';

/** One transcript to judge: selected, valid, hashed, and neither scored already nor waiting elsewhere. */
export interface WorkItem {
  /** Its line in the input (its position, for parsed transcripts). */
  line: number;
  transcript: Transcript;
  contentHash: string;
}

/** What the plan did with the lines that are not work items, and how many lines it read. */
export interface PlanCounts {
  /** Every line read, work or not. */
  read: number;
  /** Not a valid transcript (recorded with file, line and field). */
  invalid: number;
  /** Already scored with the same content, rubric, judge and fingerprint (recorded as reused). */
  reused: number;
  /** Started before `since`. */
  skipped: number;
  /** Outside the sample or shard. */
  unselected: number;
  /** Waiting already (in a provider batch): see {@link WorkPlanOptions.isPending}. */
  pending: number;
}

/** Where the plan records the lines it settles itself (an `EvaluationWriter`, or a repository). */
export interface RunItemRecorder {
  reuse(runId: string, line: number | null, transcriptId: string, evaluationId: number): void;
  invalid(runId: string, line: number | null, transcriptId: string | null, problem: RunItemProblem): void;
}

/** What a run reads and which of it it selects: the same options for both executors. */
export interface PlanInput {
  /**
   * A JSONL path, `-` for stdin, a stream of JSONL text, or transcripts already parsed (checked all the same;
   * their position stands for the line). `inputName` names a stream or parsed transcripts in messages.
   */
  input: TranscriptSource;
  inputName?: string | undefined;
  /** Line length and nesting limits of the input (defaults: 5 MB, 32 levels). */
  readLimits?: ReadLimits | undefined;
  /** Only transcripts that started at or after this time; earlier ones are counted as `skipped`. */
  since?: Date | undefined;
  /** A deterministic sample and/or shard (by transcript id); the others are counted as `unselected`. */
  selection?: TranscriptSelection | undefined;
}

/** The {@link PlanInput} fields of a run's options. */
export function planInput(o: PlanInput): PlanInput {
  return { input: o.input, inputName: o.inputName, readLimits: o.readLimits, since: o.since, selection: o.selection };
}

export interface WorkPlanOptions extends PlanInput {
  runId: string;
  rubricHash: string;
  /** The judge whose stored results are reused (its name and fingerprint, fits included). */
  judge: Pick<Judge, 'name' | 'fingerprint'>;
  /** Judge again what is stored as scored (`--rejudge`). */
  rejudge?: boolean | undefined;
  /** The stored evaluation that already does this work, if any. */
  findScored: (key: EvaluationKey) => number | undefined;
  record: RunItemRecorder;
  /** Work waiting elsewhere (in a provider batch) is counted `pending` and not yielded. */
  isPending?: (key: EvaluationKey) => boolean;
  /** Told of each line that is not a valid transcript (the run goes on). */
  onInvalid?: ((error: TranscriptLineError) => void) | undefined;
  /** Told after each line the plan settles itself (invalid, skipped, unselected, reused, pending). */
  onSettled?: () => void;
  /** Stop reading: {@link WorkPlan.interrupted} is then true. */
  signal?: AbortSignal | undefined;
}

/**
 * The one planner of `score` in both modes: reads the transcripts, applies the selection (sample and shard by
 * id first, so a line outside the shard is never reported by it; then `since`), records invalid lines with
 * their file, line and field and goes on, reuses what is already scored, leaves out what is pending, and
 * yields the rest as work items, one per transcript (ids are unique within an input). The synchronous
 * executor (`scoreRun`) judges them; the provider-batch executor (`submitBatch`) submits them.
 */
export class WorkPlan {
  readonly counts: PlanCounts = { read: 0, invalid: 0, reused: 0, skipped: 0, unselected: 0, pending: 0 };
  /** The signal stopped the reading before the input ended. */
  interrupted = false;

  constructor(private readonly opts: WorkPlanOptions) {}

  async *items(): AsyncGenerator<WorkItem> {
    const o = this.opts;
    const c = this.counts;
    const since = o.since?.getTime();
    const settled = () => o.onSettled?.();
    for await (const line of transcriptLines(o.input, o.inputName, o.readLimits)) {
      if (o.signal?.aborted) {
        this.interrupted = true;
        return;
      }
      c.read += 1;
      const id = line.ok ? line.transcript.id : line.error.transcriptId;
      if (!isSelected(id ?? `line:${line.line}`, o.selection)) {
        c.unselected += 1;
        settled();
        continue;
      }
      if (!line.ok) {
        c.invalid += 1;
        o.record.invalid(o.runId, line.line, line.error.transcriptId ?? null, {
          code: line.error.code,
          message: line.error.message,
          field: line.error.location.field,
        });
        o.onInvalid?.(line.error);
        settled();
        continue;
      }
      const { transcript } = line;
      if (since !== undefined && Date.parse(transcript.started_at) < since) {
        c.skipped += 1;
        settled();
        continue;
      }
      let hash: string;
      try {
        hash = contentHash(transcript);
      } catch (err) {
        // Cannot happen for a line within the read limits; a library caller's values are guarded all the same.
        c.invalid += 1;
        const code = (err as { code?: unknown }).code;
        o.record.invalid(o.runId, line.line, transcript.id, { code: typeof code === 'string' ? code : 'TRANSCRIPT_INVALID', message: (err as Error).message, field: undefined });
        settled();
        continue;
      }
      const key: EvaluationKey = { transcriptId: transcript.id, contentHash: hash, rubricHash: o.rubricHash, judge: o.judge.name, judgeFingerprint: o.judge.fingerprint };
      const existing = o.rejudge ? undefined : o.findScored(key);
      if (existing !== undefined) {
        o.record.reuse(o.runId, line.line, transcript.id, existing);
        c.reused += 1;
        settled();
        continue;
      }
      if (o.isPending?.(key)) {
        c.pending += 1;
        settled();
        continue;
      }
      yield { line: line.line, transcript, contentHash: hash };
    }
  }
}
