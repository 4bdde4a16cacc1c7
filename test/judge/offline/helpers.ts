import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { judgeOffline } from '../../../src/judge/offline/offline-judge.js';
import type { Verdict } from '../../../src/values/verdict.js';
import { loadRubricFile } from '../../../src/rubric/load.js';
import { criterionSchema, type Criterion, type JudgedCriterion } from '../../../src/rubric/schema.js';
import type { Message, Transcript } from '../../../src/transcript/schema.js';

const ROLES: Record<string, Message['role']> = { c: 'customer', b: 'bot', a: 'agent', s: 'system' };

/**
 * A transcript from short lines: `c: text` (customer), `b: text` (bot), `a: text` (agent),
 * `s:event: text` (system message with an event, text may be empty).
 */
export function convo(...lines: string[]): Transcript {
  const messages: Message[] = lines.map((line) => {
    const m = /^([cbas])(?::([a-z_]+))?: ?([\s\S]*)$/.exec(line);
    if (!m) throw new Error(`bad line: ${line}`);
    const role = ROLES[m[1]!]!;
    return m[2] ? { role, text: m[3]!, event: m[2] } : { role, text: m[3]! };
  });
  return { id: 't-test', channel: 'chat', started_at: '2026-11-02T09:00:00Z', customer_id: 'c-1', messages };
}

const rubricFile = fileURLToPath(new URL('../../../rubrics/support-qa.yaml', import.meta.url));
/** The shipped rubric's judged (non-rule) criteria. */
export const SHIPPED: JudgedCriterion[] = loadRubricFile(rubricFile).rubric.criteria.filter(
  (c): c is JudgedCriterion => c.kind !== 'rule',
);

export function shipped(id: string): JudgedCriterion {
  const c = SHIPPED.find((x) => x.id === id);
  if (!c) throw new Error(`no criterion ${id}`);
  return c;
}

/** A criterion with schema defaults applied. */
export function criterion(input: Record<string, unknown>): JudgedCriterion {
  const c: Criterion = criterionSchema.parse(input);
  if (c.kind === 'rule') throw new Error('rule criteria are not judged');
  return c;
}

/** Judges one criterion and checks the verdict is well-formed. */
export function judgeOne(t: Transcript, c: JudgedCriterion): Verdict {
  const [v] = judgeOffline(t, [c]);
  expectValidVerdict(t, c, v!);
  return v!;
}

/** Judges the shipped criteria and returns verdicts by criterion id, each checked for validity. */
export function judgeShipped(t: Transcript): Record<string, Verdict> {
  const verdicts = judgeOffline(t, SHIPPED);
  const out: Record<string, Verdict> = {};
  SHIPPED.forEach((c, i) => {
    expectValidVerdict(t, c, verdicts[i]!);
    out[c.id] = verdicts[i]!;
  });
  return out;
}

/**
 * Every verdict invariant: right criterion, judge offline:v1, a rationale, verbatim non-empty quotes of existing
 * messages, a value valid for the criterion, N/A only when allowed (or declined with an `na_code`), null value
 * with N/A or an error, never an `na_code` with a value or an error.
 */
export function expectValidVerdict(t: Transcript, c: JudgedCriterion, v: Verdict): void {
  expect(v.criterion).toBe(c.id);
  expect(v.judge).toBe('offline:v1');
  expect(v.rationale.length).toBeGreaterThan(0);
  for (const e of v.evidence) {
    expect(e.quote.length, `empty quote in ${c.id}`).toBeGreaterThan(0);
    const text = t.messages[e.message]?.text;
    expect(text, `evidence cites missing message ${e.message}`).toBeDefined();
    expect(text!.includes(e.quote), `quote ${JSON.stringify(e.quote)} not in message ${e.message} (${c.id})`).toBe(true);
  }
  if (v.na_code !== undefined) expect({ na: v.na, error: v.error }).toEqual({ na: true, error: null });
  if (v.error) {
    expect(v.value).toBeNull();
    expect(v.na).toBe(false);
    return;
  }
  if (v.na) {
    // An N/A with a code (OFFLINE_UNSUPPORTED, OFFLINE_LANGUAGE) is the judge declining: allowed on any criterion.
    if (v.na_code === undefined) expect(c.na.allowed, `N/A for ${c.id} which does not allow it`).toBe(true);
    expect(v.value).toBeNull();
    return;
  }
  switch (c.kind) {
    case 'scale':
      expect(Number.isInteger(v.value), `${c.id}: ${String(v.value)} is not an integer`).toBe(true);
      expect(v.value as number).toBeGreaterThanOrEqual(c.min);
      expect(v.value as number).toBeLessThanOrEqual(c.max);
      break;
    case 'binary':
      expect(['pass', 'fail']).toContain(v.value);
      break;
    case 'category':
      expect(c.labels.map((l) => l.id)).toContain(v.value);
      break;
  }
}
