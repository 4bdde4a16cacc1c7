import type { JudgedCriterion } from '../../rubric/schema.js';
import type { Evidence, Verdict } from '../../values/verdict.js';

/** Error code of a panel verdict the members did not agree on (or that a member could not answer). */
export const PANEL_DISPUTED = 'PANEL_DISPUTED';
/** Carried through unchanged when a member's call was refused by the budget, so a later run retries it. */
const PASS_THROUGH_CODES = new Set(['BUDGET_EXCEEDED']);

/** One member's verdict for the criterion being aggregated. */
export interface MemberAnswer {
  judge: string;
  verdict: Verdict;
}

/**
 * Combines panel members' verdicts on one criterion into the panel's verdict. With n members:
 * - any member error (parse failure, provider error, missing verdict) → disputed;
 * - N/A when more than n/2 members say N/A;
 * - category and binary: the value more than n/2 members gave; none → disputed (never a tie-break by order);
 * - scale: when more than n/2 members gave a value, the median of those values; an even count takes the
 *   mean of the two middle values rounded half up (toward +∞), e.g. 3 and 4 → 4;
 * - anything else (e.g. one N/A and one value in a panel of two) → disputed.
 * A disputed verdict has value null and error `PANEL_DISPUTED` listing each member's answer.
 */
export function aggregateVotes(criterion: JudgedCriterion, answers: readonly MemberAnswer[], panelName: string): Verdict {
  const n = answers.length;
  const listing = answers.map(describeAnswer).join('; ');
  const evidence = unionEvidence(answers.map((a) => a.verdict));
  const base = { criterion: criterion.id, judge: panelName };
  const disputed = (why: string): Verdict => ({
    ...base,
    value: null,
    na: false,
    rationale: `panel disputed: ${listing}`,
    evidence,
    error: { code: PANEL_DISPUTED, message: `${why}: ${listing}` },
  });

  const passThrough = answers.find((a) => a.verdict.error && PASS_THROUGH_CODES.has(a.verdict.error.code));
  if (passThrough) {
    return { ...base, value: null, na: false, rationale: '', evidence: [], error: { ...passThrough.verdict.error! } };
  }
  if (n === 0) return disputed('no panel member answered');
  if (answers.some((a) => a.verdict.error)) return disputed('a panel member could not answer');

  const naCount = answers.filter((a) => a.verdict.na).length;
  if (naCount * 2 > n) {
    return { ...base, value: null, na: true, rationale: `panel: N/A by ${naCount} of ${n} (${listing})`, evidence, error: null };
  }
  const valued = answers.filter((a) => !a.verdict.na && a.verdict.value !== null);
  if (valued.length * 2 <= n) return disputed(`no majority between N/A and an answer among ${n} members`);

  if (criterion.kind === 'scale') {
    const values = valued.map((a) => Number(a.verdict.value)).sort((a, b) => a - b);
    const value = median(values);
    return { ...base, value, na: false, rationale: `panel: median ${value} of ${values.join(', ')} (${listing})`, evidence, error: null };
  }
  const counts = new Map<string, number>();
  for (const a of valued) counts.set(String(a.verdict.value), (counts.get(String(a.verdict.value)) ?? 0) + 1);
  for (const [value, count] of counts) {
    if (count * 2 > n) {
      return { ...base, value, na: false, rationale: `panel: ${value} by ${count} of ${n} (${listing})`, evidence, error: null };
    }
  }
  return disputed(`no strict majority among ${n} members`);
}

/** Median of sorted integers; an even count takes the mean of the middle two, rounded half up. */
export function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid]!;
  return Math.floor((sorted[mid - 1]! + sorted[mid]!) / 2 + 0.5);
}

function describeAnswer(a: MemberAnswer): string {
  const v = a.verdict;
  if (v.error) return `${a.judge}=error ${v.error.code}`;
  if (v.na) return `${a.judge}=N/A`;
  return `${a.judge}=${String(v.value)}`;
}

function unionEvidence(verdicts: readonly Verdict[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const v of verdicts) {
    for (const e of v.evidence ?? []) {
      const key = `${e.message}\u0000${e.quote}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}
