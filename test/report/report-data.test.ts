import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDrift, populationStabilityIndex } from '../../src/metrics/drift.js';
import { jsonForScript } from '../../src/report/page/render-html.js';
import type { ReportData } from '../../src/report/page/report-data.js';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();

/** The samples, and a copy of them 7 days earlier under other ids (the previous period). */
function samplesWithPreviousWeek(dir: string, mutate?: (t: Record<string, unknown>) => void): string {
  const lines = readFileSync('samples/transcripts.jsonl', 'utf8').trim().split('\n');
  const shifted = lines.map((l) => {
    const t = JSON.parse(l) as Record<string, unknown> & { messages: { at?: string }[] };
    const back = (iso: string) => new Date(Date.parse(iso) - 7 * 86_400_000).toISOString();
    t['id'] = `prev-${String(t['id'])}`;
    t['started_at'] = back(String(t['started_at']));
    for (const m of t.messages) if (m.at) m.at = back(m.at);
    mutate?.(t);
    return JSON.stringify(t);
  });
  const file = pathIn(dir, 'two-weeks.jsonl');
  writeFileSync(file, `${[...shifted, ...lines].join('\n')}\n`);
  return file;
}

async function scoreAndReport(dir: string, input: string, extra: string[] = []): Promise<ReportData> {
  const db = pathIn(dir, 'r.db');
  const scored = await runCli(['score', '--input', input, '--rubric', 'rubrics/support-qa.yaml', '--judge', 'offline', '--db', db, '--quiet']);
  expect([0, 1]).toContain(scored.code);
  const out = pathIn(dir, 'r.json');
  const res = await runCli(['report', '--db', db, '--format', 'json', '--out', out, ...extra]);
  expect(res.code, res.stderr).toBe(0);
  expect(res.stdout.trim()).toBe(out);
  return JSON.parse(readFileSync(out, 'utf8')) as ReportData;
}

describe('cxqa report --format json', () => {
  it('gives the outcome numbers of `cxqa outcomes` for the samples, and compares with the previous week', async () => {
    const dir = tmp();
    const data = await scoreAndReport(dir, samplesWithPreviousWeek(dir));
    const outcomes = await runCli(['outcomes', '--db', pathIn(dir, 'r.db'), '--rubric', 'support_qa', '--from', '2026-11-01', '--to', '2026-11-07T23:59:59Z', '--json']);
    expect(outcomes.code, outcomes.stderr).toBe(0);
    const o = JSON.parse(outcomes.stdout) as {
      all: { n: number; true_resolution_rate: number; repeat_contact_rate: number; qa_score_mean: number };
      deflection: { contained_rate: number; bot_true_resolution_rate: number };
      escalation: { handoff_pass_rate: number };
    };
    expect(data.period).toMatchObject({ from: '2026-11-01T00:00:00.000Z', to: '2026-11-08T00:00:00.000Z', previous_from: '2026-10-25T00:00:00.000Z', bucket: 'day' });
    expect(data.counts).toMatchObject({ conversations: 48, previous_conversations: 48, failed: 0, embedded: 48, not_embedded: 0 });
    const kpi = (id: string) => data.kpis.find((k) => k.id === id)!;
    // the numbers `cxqa outcomes` gives for the same period
    expect(o.all.n).toBe(48);
    expect(kpi('deflection').value).toBe(o.deflection.contained_rate);
    expect(kpi('bot_true_resolution').value).toBe(o.deflection.bot_true_resolution_rate);
    expect(kpi('true_resolution').value).toBe(o.all.true_resolution_rate);
    expect(kpi('repeat_contact').value).toBe(o.all.repeat_contact_rate);
    expect(kpi('qa_score').value).toBe(o.all.qa_score_mean);
    expect(kpi('handoff_quality').value).toBe(o.escalation.handoff_pass_rate);
    expect(kpi('deflection').value).toBe(0.5417);
    expect(data.headline).toContain(`kept 54.2 % of conversations from humans and truly resolved ${(o.deflection.bot_true_resolution_rate * 100).toFixed(1)} %`);
    // the previous week is the same conversations: every change is 0 ...
    expect(kpi('qa_score')).toMatchObject({ previous: 69.2, change: 0, previous_n: 48 });
    expect(kpi('survey_csat')).toMatchObject({ value: 3.6, previous: 3.6, n: 25 });
    // (repeat contact differs: a previous-week copy of a late conversation is followed by the real early ones)
    // identical distributions: PSI 0, nothing flagged
    for (const d of data.drift) expect(d).toMatchObject({ psi: 0, flagged: false, n: 48, previous_n: 48 });
    expect(data.trends.buckets).toHaveLength(14);
    expect(data.trends.series['conversations']!.reduce((a, b) => a! + b!, 0)).toBe(96);
  });

  it('flags drift when a criterion distribution shifts, and spotlights auto-fails first among a few embedded conversations', async () => {
    const dir = tmp();
    // The previous week: every conversation ends with the customer confirming, so resolution was mostly "resolved".
    const input = samplesWithPreviousWeek(dir, (t) => {
      const messages = t['messages'] as { role: string; text: string }[];
      messages.push({ role: 'customer', text: 'that worked, thank you so much!' });
    });
    const data = await scoreAndReport(dir, input, ['--max-conversations', '5']);
    const resolution = data.drift.find((d) => d.criterion === 'resolution')!;
    expect(resolution.psi).toBeGreaterThanOrEqual(0.2);
    expect(resolution.flagged).toBe(true);
    expect(data.counts).toMatchObject({ embedded: 5, not_embedded: 43 });
    const autoFails = data.spotlight.find((s) => s.id === 'auto_fail')!;
    expect(autoFails.total).toBeGreaterThan(0);
    expect(data.conversations.map((c) => c.id)).toEqual(data.spotlight.flatMap((s) => s.items.map((i) => i.id)).filter((v, i, a) => a.indexOf(v) === i).slice(0, 5));
  });

  it('refuses a bad date, an unknown rubric and a missing database with exit 2 and a clear message', async () => {
    const dir = tmp();
    const db = pathIn(dir, 'r.db');
    await runCli(['score', '--input', 'samples/transcripts.jsonl', '--rubric', 'rubrics/support-qa.yaml', '--judge', 'offline', '--db', db, '--quiet']);
    const bad = await runCli(['report', '--db', db, '--from', 'yesterday', '--out', pathIn(dir, 'x.html')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from "yesterday" is not an ISO date');
    const rubric = await runCli(['report', '--db', db, '--rubric', 'nope', '--out', pathIn(dir, 'x.html')]);
    expect(rubric.code).toBe(2);
    expect(rubric.stderr).toContain('no rubric "nope" in the database (stored: support_qa)');
    const reversed = await runCli(['report', '--db', db, '--from', '2026-11-05', '--to', '2026-11-01', '--out', pathIn(dir, 'x.html')]);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain('--to must be after --from');
    const missing = await runCli(['report', '--db', pathIn(dir, 'none.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no database at');
  });
});

describe('the page data embedding', () => {
  it('escapes every < so no text can close the script element', () => {
    const text = jsonForScript({ a: '</script><script>alert(1)</script>', b: '<!--', c: '\u2028' });
    expect(text).not.toContain('<');
    expect(text).not.toContain('\u2028');
    expect(JSON.parse(text)).toEqual({ a: '</script><script>alert(1)</script>', b: '<!--', c: '\u2028' });
  });
});

describe('population stability index', () => {
  it('is 0 for identical distributions and grows with the shift', () => {
    expect(populationStabilityIndex({ pass: 80, fail: 20 }, { pass: 80, fail: 20 })).toBe(0);
    const small = populationStabilityIndex({ pass: 75, fail: 25 }, { pass: 80, fail: 20 })!;
    const large = populationStabilityIndex({ pass: 40, fail: 60 }, { pass: 80, fail: 20 })!;
    expect(small).toBeGreaterThan(0);
    expect(small).toBeLessThan(0.1);
    expect(large).toBeGreaterThan(0.2);
    // a value seen in one period only stays finite (counts smoothed by 0.5)
    expect(Number.isFinite(populationStabilityIndex({ a: 50 }, { b: 50 })!)).toBe(true);
  });

  it('does not flag below 30 verdicts in either period', () => {
    expect(checkDrift({ pass: 5, fail: 20 }, { pass: 25, fail: 0 })).toMatchObject({ psi: null, flagged: false, note: 'fewer than 30 verdicts in this period' });
    expect(checkDrift({ pass: 10, fail: 40 }, { pass: 45, fail: 5 })).toMatchObject({ flagged: true });
  });
});
