/** Resolution outcomes as the rubric's resolution criterion labels them; anything else (or no verdict) is `unknown`. */
export const OUTCOMES = ['resolved', 'escalated', 'unresolved', 'abandoned', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One scored conversation as the outcome report counts it. */
export interface OutcomeItem {
  outcome: Outcome;
  /** The same customer came back within the window after this conversation started. */
  repeatContact: boolean;
  /** Its repeat-contact window had not closed when the report was made: a resolution here is pending, not true (yet). */
  windowOpen?: boolean;
  customerTurns: number;
  minutes: number | null;
  surveyCsat: number | null;
  autoCsat: number | null;
  qaScore: number | null;
  autoFail: boolean;
}

/** Outcome numbers of a group of conversations (all, bot-contained, human-handled, one agent, ...). */
export interface OutcomeGroup {
  n: number;
  outcomes: Record<Outcome, number>;
  /** Judged resolved, share of n. */
  resolved_rate: number | null;
  /** Came back within the window, share of n. */
  repeat_contact_rate: number | null;
  /** Judged resolved AND no repeat contact within the window: the resolution the customer actually got. */
  true_resolved: number;
  true_resolution_rate: number | null;
  /** Judged resolved, no repeat contact so far, but the window is still open: not counted as truly resolved. */
  pending: number;
  median_customer_turns: number | null;
  median_minutes: number | null;
  /** Over the conversations judged resolved: how many customer messages and minutes resolution took. */
  median_turns_to_resolution: number | null;
  median_minutes_to_resolution: number | null;
  /** Mean of the customers' own survey CSAT, over those who answered (`survey_n`). */
  survey_csat_mean: number | null;
  survey_n: number;
  auto_csat_mean: number | null;
  /** Over the fully scored conversations only (`qa_n`); `qa_left_out`: those without a QA score (a judgement failed). */
  qa_score_mean: number | null;
  qa_n: number;
  qa_left_out: number;
  auto_fail: number;
}

/**
 * Counts items as they come and keeps only what the medians need: counts per number of turns (a whole number) and
 * the minutes in a typed array (8 bytes each), so a million conversations cost a few tens of MB.
 */
export class OutcomeAccumulator {
  private n = 0;
  private readonly outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  private repeat = 0;
  private trueResolved = 0;
  private pending = 0;
  private autoFail = 0;
  private readonly turns = new CountsByValue();
  private readonly minutes = new NumberList();
  private readonly resolvedTurns = new CountsByValue();
  private readonly resolvedMinutes = new NumberList();
  private readonly survey = new RunningMean();
  private readonly autoCsat = new RunningMean();
  private readonly qa = new RunningMean();

  add(it: OutcomeItem): void {
    this.n += 1;
    this.outcomes[it.outcome] += 1;
    if (it.repeatContact) this.repeat += 1;
    if (it.outcome === 'resolved' && !it.repeatContact) {
      if (it.windowOpen) this.pending += 1;
      else this.trueResolved += 1;
    }
    if (it.autoFail) this.autoFail += 1;
    this.turns.push(it.customerTurns);
    if (it.minutes !== null) this.minutes.push(it.minutes);
    if (it.outcome === 'resolved') {
      this.resolvedTurns.push(it.customerTurns);
      if (it.minutes !== null) this.resolvedMinutes.push(it.minutes);
    }
    this.survey.add(it.surveyCsat);
    this.autoCsat.add(it.autoCsat);
    this.qa.add(it.qaScore);
  }

  summary(): OutcomeGroup {
    const n = this.n;
    return {
      n,
      outcomes: { ...this.outcomes },
      resolved_rate: share(this.outcomes.resolved, n),
      repeat_contact_rate: share(this.repeat, n),
      true_resolved: this.trueResolved,
      true_resolution_rate: share(this.trueResolved, n),
      pending: this.pending,
      median_customer_turns: this.turns.median(),
      median_minutes: round2(this.minutes.median()),
      median_turns_to_resolution: this.resolvedTurns.median(),
      median_minutes_to_resolution: round2(this.resolvedMinutes.median()),
      survey_csat_mean: round2(this.survey.value),
      survey_n: this.survey.count,
      auto_csat_mean: round2(this.autoCsat.value),
      qa_score_mean: round2(this.qa.value),
      qa_n: this.qa.count,
      qa_left_out: n - this.qa.count,
      auto_fail: this.autoFail,
    };
  }
}

class RunningMean {
  private sum = 0;
  count = 0;
  add(x: number | null): void {
    if (x === null) return;
    this.sum += x;
    this.count += 1;
  }
  get value(): number | null {
    return this.count > 0 ? this.sum / this.count : null;
  }
}

export function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

/** Numbers kept for an exact median, 8 bytes each (a growable Float64Array; a JS array of numbers needs a copy to sort). */
class NumberList {
  private xs = new Float64Array(64);
  private n = 0;
  push(x: number): void {
    if (this.n === this.xs.length) {
      const grown = new Float64Array(this.n * 2);
      grown.set(this.xs);
      this.xs = grown;
    }
    this.xs[this.n++] = x;
  }
  /** The median (mean of the two middle values for an even count); null when empty. Sorts in place. */
  median(): number | null {
    if (this.n === 0) return null;
    const s = this.xs.subarray(0, this.n).sort(); // a typed array sorts numerically
    const mid = this.n >> 1;
    return this.n % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  }
}

/** Counts of each value of a whole number (turns), for an exact median without keeping every value. */
class CountsByValue {
  private readonly counts = new Map<number, number>();
  private n = 0;
  push(x: number): void {
    this.counts.set(x, (this.counts.get(x) ?? 0) + 1);
    this.n += 1;
  }
  /** The same median as sorting every value: the k-th smallest for k = n / 2 (and the one before it for an even n). */
  median(): number | null {
    if (this.n === 0) return null;
    const mid = this.n >> 1;
    const sorted = [...this.counts].sort((a, b) => a[0] - b[0]);
    const nth = (k: number): number => {
      let seen = 0;
      for (const [value, count] of sorted) {
        seen += count;
        if (k < seen) return value;
      }
      return sorted[sorted.length - 1]![0]; // not reached: k < n
    };
    return this.n % 2 ? nth(mid) : (nth(mid - 1) + nth(mid)) / 2;
  }
}

function round2(x: number | null): number | null {
  return x === null ? null : Math.round(x * 100) / 100;
}
