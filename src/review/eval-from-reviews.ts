import { InputError } from '../error/cxqa-error.js';
import type { ImportEvent } from '../calibrate/import/import-event.js';
import type { EvalItem, HumanLabel } from '../calibrate/eval-set/schema.js';
import type { Transcript } from '../transcript/schema.js';
import { DecisionRepository, type DecisionRecord } from '../store/decision-repository.js';
import type { Db } from '../store/open-database.js';

type LabelRow = DecisionRecord & { body_json: string | null };

/**
 * Turns the human decisions stored in a database into an eval set (`cxqa eval build --from-reviews`): one
 * item per decided transcript, the stored transcript plus one rater per reviewer (their latest value per
 * criterion; N/A is `null`). When a transcript id was decided on several content versions, the version with
 * the latest decision is kept (a notice says so). A transcript whose body is no longer stored is skipped.
 */
export async function* evalSetFromReviews(db: Db, dbPath: string): AsyncGenerator<ImportEvent> {
  let group: LabelRow[] = [];
  const flush = function* (rows: LabelRow[]): Generator<ImportEvent> {
    if (rows.length === 0) return;
    const versions = new Map<string, LabelRow[]>();
    for (const r of rows) versions.set(r.content_hash, [...(versions.get(r.content_hash) ?? []), r]);
    let chosen = rows;
    if (versions.size > 1) {
      const latest = rows.reduce((a, b) => (b.decision_id > a.decision_id ? b : a));
      chosen = versions.get(latest.content_hash)!;
      yield { kind: 'notice', message: `transcript "${latest.transcript_id}" was decided on ${versions.size} content versions; the one decided last is used` };
    }
    const first = chosen[0]!;
    if (first.body_json === null) {
      yield {
        kind: 'skipped',
        error: new InputError('EVAL_TRANSCRIPT_MISSING', { file: dbPath, field: 'transcripts.body_json' }, `transcript "${first.transcript_id}" has decisions but its text is no longer stored`),
      };
      return;
    }
    const byReviewer = new Map<string, HumanLabel>();
    for (const r of chosen) {
      const label = byReviewer.get(r.reviewer) ?? { rater: r.reviewer, labels: {} };
      label.labels[r.criterion_id] = r.na ? null : r.value;
      byReviewer.set(r.reviewer, label);
    }
    const transcript = JSON.parse(first.body_json) as Transcript;
    const item: EvalItem = { ...transcript, human_labels: [...byReviewer.values()] };
    yield { kind: 'item', item };
  };
  for (const row of new DecisionRepository(db).reviewerLabels()) {
    if (group.length > 0 && group[0]!.transcript_id !== row.transcript_id) {
      yield* flush(group);
      group = [];
    }
    group.push(row);
  }
  yield* flush(group);
}
