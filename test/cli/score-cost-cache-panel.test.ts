import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Judge } from '../../src/judge/judge.js';
import { CountingJudge, TEST_RUBRIC_YAML } from '../helpers/counting-judge.js';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { makeTranscript, say, toJsonl } from '../helpers/transcripts.js';
import { forgetStoredResults } from '../helpers/forget-results.js';

// The CLI builds its judges through selectJudge; here it returns in-test fake judges that count their calls.
const registry = vi.hoisted(() => new Map<string, Judge>());
vi.mock('../../src/judge/select-judge.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/judge/select-judge.js')>();
  return {
    ...original,
    selectJudge: (spec: string) => {
      const judge = registry.get(spec.trim());
      if (!judge) throw new Error(`test: no fake judge "${spec}"`);
      return judge;
    },
  };
});

const tempDir = useTempDir();
// 10,000 input tokens at $1 per million = $0.01 per call.
const usage = { input_tokens: 10_000, output_tokens: 0 };

interface Files {
  input: string;
  rubric: string;
  db: string;
  config: string;
}

function files(n: number): Files {
  const dir = tempDir();
  const f = { input: pathIn(dir, 'in.jsonl'), rubric: pathIn(dir, 'r.yaml'), db: pathIn(dir, 'cxqa.db'), config: pathIn(dir, 'cxqa.config.yaml') };
  writeFileSync(f.input, toJsonl(Array.from({ length: n }, (_, i) => makeTranscript([say('customer', `question number ${i}`), say('agent', 'an answer')]))));
  writeFileSync(f.rubric, TEST_RUBRIC_YAML);
  writeFileSync(f.config, 'prices:\n  "fake:a": { input: 1, output: 0 }\n  "fake:b": { input: 1, output: 0 }\n  "fake:c": { input: 1, output: 0 }\n');
  return f;
}

function args(f: Files, ...extra: string[]): string[] {
  return ['score', '--input', f.input, '--rubric', f.rubric, '--db', f.db, '--config', f.config, '--json', ...extra];
}

beforeEach(() => registry.clear());

describe('cxqa score --dry-run', () => {
  it('prints per-transcript estimates and totals, calls no judge and writes no database', async () => {
    const f = files(3);
    const a = new CountingJudge('fake:a', { usage });
    registry.set('fake:a', a);
    const r = await runCli(args(f, '--judge', 'fake:a,fake:b', '--dry-run'));
    expect(r.code).toBe(0);
    expect(a.calls).toBe(0);
    expect(existsSync(f.db)).toBe(false);
    const out = JSON.parse(r.stdout) as { transcripts: { transcript_id: string; input_tokens: number; output_tokens: number; cost_usd: number }[]; total: { transcripts: number; input_tokens: number; cost_usd: number } };
    expect(out.transcripts).toHaveLength(3);
    expect(out.total.transcripts).toBe(3);
    const row = out.transcripts[0]!;
    expect(row.input_tokens).toBeGreaterThan(0);
    expect(row.output_tokens).toBe(2 * (20 + 150 * 3)); // two members, three judged criteria
    expect(row.cost_usd).toBeCloseTo(row.input_tokens / 1e6, 12); // $1 per million input, output free
    expect(out.total.input_tokens).toBe(out.transcripts.reduce((s, t) => s + t.input_tokens, 0));
  });

  it('prints a table and reports an unknown price as unknown, without failing', async () => {
    const f = files(2);
    const r = await runCli(['score', '--input', f.input, '--rubric', f.rubric, '--db', f.db, '--config', f.config, '--judge', 'openai:no-such-model', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dry run · judge openai:no-such-model · 2 transcripts/);
    expect(r.stdout).toContain('unknown');
    expect(r.stderr).toContain('no price known for openai:no-such-model');
    expect(existsSync(f.db)).toBe(false);
  });
});

describe('cxqa score --max-cost', () => {
  it('stops spending at the budget, prints the message once, and exits 3', async () => {
    const f = files(10);
    const a = new CountingJudge('fake:a', { usage });
    registry.set('fake:a', a);
    const r = await runCli(args(f, '--judge', 'fake:a', '--max-cost', '0.035', '--concurrency', '1'));
    expect(r.code).toBe(3);
    expect(a.calls).toBe(3);
    const lines = r.stderr.split('\n').filter((l) => l.includes('budget of'));
    expect(lines).toEqual([
      'cxqa: budget of $0.035 reached after $0.0300: 7 transcripts not scheduled (budget); re-run the same command with a higher --max-cost to continue ' +
        '(results already stored are reused and cached judge answers are not paid again)',
    ]);
    const summary = JSON.parse(r.stdout) as { cost: { usd: number; calls: number } };
    expect(summary.cost.calls).toBe(3);
    expect(summary.cost.usd).toBeCloseTo(0.03, 10);
  });

  it('counts the transcripts the budget refused as not scheduled, neither scored nor failed; a higher --max-cost finishes them', async () => {
    const f = files(10);
    const a = new CountingJudge('fake:a', { usage });
    registry.set('fake:a', a);
    const r = await runCli(args(f, '--judge', 'fake:a', '--max-cost', '0.035', '--concurrency', '1'));
    expect(r.code).toBe(3);
    const summary = JSON.parse(r.stdout);
    expect(summary.transcripts).toMatchObject({ read: 10, scored: 3, partial: 0, failed: 0, not_scheduled_budget: 7 });
    expect(summary.budget).toEqual({ max_cost_usd: 0.035, spent_usd: 0.03, not_scheduled: 7 });
    expect(r.stderr).not.toContain('could not be scored');

    // Text output says it too.
    const text = await runCli(['score', '--input', f.input, '--rubric', f.rubric, '--db', f.db, '--config', f.config, '--judge', 'fake:a', '--max-cost', '0.015', '--concurrency', '1']);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/transcripts: 10 read, 4 scored \(3 reused from earlier runs\), 0 failed/);
    expect(text.stdout).toContain('not scheduled (budget): 6 transcripts (--max-cost $0.015, spent $0.0100)');
    expect(a.calls).toBe(4);

    // Continue: only the transcripts left are judged; nothing already paid for is paid again.
    const rest = await runCli(args(f, '--judge', 'fake:a', '--max-cost', '1', '--concurrency', '1'));
    expect(rest.code).toBe(0);
    expect(a.calls).toBe(10);
    expect(JSON.parse(rest.stdout)).toMatchObject({ transcripts: { read: 10, scored: 10, reused: 4, failed: 0, not_scheduled_budget: 0 }, budget: { not_scheduled: 0 } });
    // Append-only: the refused attempts stay in history beside the ones that finished them; the chain verifies.
    const last = (JSON.parse(readFileSync(f.input, 'utf8').trim().split('\n').at(-1)!) as { id: string }).id;
    const refused = (await runCli(['audit', last, '--db', f.db, '--json'])).stdout;
    expect((JSON.parse(refused) as { evaluations: { status: string }[] }).evaluations.map((e) => e.status)).toEqual(['failed', 'failed', 'scored']);
    expect((await runCli(['audit', 'verify', '--db', f.db])).code).toBe(0);
  });

  it('with rule criteria (evaluated locally), refused transcripts are not reported as scored in part', async () => {
    const f = files(4);
    writeFileSync(
      f.rubric,
      `${TEST_RUBRIC_YAML}  - id: greet
    title: Greeting
    kind: rule
    rule: { check: must_include, policy: Greet., severity: low, patterns: ["never-said-by-anyone"], scope: { roles: [agent] } }
`,
    );
    const a = new CountingJudge('fake:a', { usage });
    registry.set('fake:a', a);
    const r = await runCli(args(f, '--judge', 'fake:a', '--max-cost', '0.015', '--concurrency', '1'));
    expect(r.code).toBe(3);
    expect(a.calls).toBe(1);
    const summary = JSON.parse(r.stdout) as { transcripts: unknown; qa_score: { mean: number; min: number; max: number }; run_id: string };
    expect(summary.transcripts).toMatchObject({ read: 4, scored: 1, partial: 0, failed: 0, not_scheduled_budget: 3 });
    // The QA score is the one judged transcript's, not pulled by the refused ones' rule-only scores.
    const exported = (await runCli(['export', '--db', f.db, '--format', 'jsonl'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { status: string; qa_score: number | null });
    const judged = exported.filter((e) => e.status === 'scored');
    expect(judged).toHaveLength(1);
    expect(exported.filter((e) => e.status !== 'scored').map((e) => e.qa_score)).not.toContain(judged[0]!.qa_score);
    expect(summary.qa_score).toMatchObject({ mean: judged[0]!.qa_score, min: judged[0]!.qa_score, max: judged[0]!.qa_score });
  });

  it('is a usage error for a judge without a price, before anything is written', async () => {
    const f = files(1);
    registry.set('fake:unpriced', new CountingJudge('fake:unpriced', { usage }));
    const r = await runCli(args(f, '--judge', 'fake:unpriced', '--max-cost', '1'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-cost needs the price of fake:unpriced');
    expect(existsSync(f.db)).toBe(false);
  });

  it('rejects an amount that is not a positive number', async () => {
    const f = files(1);
    const r = await runCli(args(f, '--max-cost', 'lots'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-cost takes an amount in USD > 0');
  });
});

describe('budget: { daily_usd, monthly_usd } in cxqa.config.yaml (across runs)', () => {
  const withBudget = (f: Files, budget: string) =>
    writeFileSync(f.config, `prices:\n  "fake:a": { input: 1, output: 0 }\nbudget: ${budget}\n`);
  const otherInput = (f: Files, n: number, tag: string) =>
    writeFileSync(f.input, toJsonl(Array.from({ length: n }, (_, i) => makeTranscript([say('customer', `${tag} question ${i}`), say('agent', 'an answer')]))));

  it('counts what earlier runs spent today: a second run with new transcripts spends only what is left', async () => {
    const f = files(3);
    withBudget(f, '{ daily_usd: 0.04 }');
    const a = new CountingJudge('fake:a', { usage });
    registry.set('fake:a', a);
    const first = await runCli(args(f, '--judge', 'fake:a', '--concurrency', '1'));
    expect(first.code).toBe(0);
    expect(a.calls).toBe(3); // $0.03 of $0.04
    expect(JSON.parse(first.stdout).budget).toEqual({
      max_cost_usd: null,
      spent_usd: 0.03,
      not_scheduled: 0,
      period: { daily_usd: 0.04, monthly_usd: null, spent_today_usd: 0.03, spent_month_usd: 0.03, limited_by: 'daily' },
    });

    otherInput(f, 3, 'second');
    const second = await runCli(args(f, '--judge', 'fake:a', '--concurrency', '1'));
    expect(second.code).toBe(3);
    expect(a.calls).toBe(4); // one more call fits in the $0.01 left today; the same --max-cost alone would have paid 3
    const summary = JSON.parse(second.stdout);
    expect(summary.budget).toMatchObject({ spent_usd: 0.01, not_scheduled: 2, period: { spent_today_usd: 0.04, limited_by: 'daily' } });
    expect(second.stderr).toContain(
      'daily budget of $0.04 reached (spent today $0.0400 of $0.04 daily, this month $0.0400): 2 transcripts not scheduled (budget); the same command continues in the next UTC day, or raise budget.daily_usd in cxqa.config.yaml',
    );

    // Spent: a third run calls nothing paid and says so at the start.
    otherInput(f, 2, 'third');
    const third = await runCli(args(f, '--judge', 'fake:a', '--concurrency', '1'));
    expect(third.code).toBe(3);
    expect(a.calls).toBe(4);
    expect(JSON.parse(third.stdout).budget).toMatchObject({ spent_usd: 0, not_scheduled: 2 });
  });

  it('the smallest limit wins: --max-cost, what is left today, what is left this month', async () => {
    const f = files(6);
    withBudget(f, '{ daily_usd: 1, monthly_usd: 0.02 }');
    const a = new CountingJudge('fake:a', { usage });
    registry.set('fake:a', a);
    const r = await runCli(args(f, '--judge', 'fake:a', '--concurrency', '1', '--max-cost', '0.5'));
    expect(r.code).toBe(3);
    expect(a.calls).toBe(2);
    expect(JSON.parse(r.stdout).budget).toMatchObject({ max_cost_usd: 0.5, period: { monthly_usd: 0.02, limited_by: 'monthly' } });
    expect(r.stderr).toContain('monthly budget of $0.02 reached');
    const text = await runCli(['score', '--input', f.input, '--rubric', f.rubric, '--db', f.db, '--config', f.config, '--judge', 'fake:a']);
    expect(text.stdout).toContain('budget: spent today $0.0200 of $1 daily, this month $0.0200 of $0.02 monthly');
    expect(a.calls).toBe(2);
    expect(text.stderr).toContain('monthly budget already spent (spent today $0.0200 of $1 daily, this month $0.0200 of $0.02 monthly): paid judge calls are refused in this run');
  });

  // With --mode batch the same limits hold (reserved at submission): test/run/batch/batch-budget.test.ts.
  it('a bad limit names the field', async () => {
    const f = files(1);
    withBudget(f, '{ daily_usd: -1 }');
    const bad = await runCli(args(f, '--judge', 'fake:a'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('budget.daily_usd is an amount in USD > 0');
  });
});

describe('cxqa score cache and --no-cache', () => {
  it('re-runs from the cache with zero judge calls; --no-cache calls the judge again', async () => {
    const f = files(3);
    const a = new CountingJudge('fake:a', { usage });
    registry.set('fake:a', a);
    expect((await runCli(args(f, '--judge', 'fake:a'))).code).toBe(0);
    expect(a.calls).toBe(3);
    const clear = () => {
      const db = new Database(f.db);
      forgetStoredResults(db);
      db.close();
    };
    clear();
    const cached = await runCli(args(f, '--judge', 'fake:a'));
    expect(a.calls).toBe(3);
    expect(JSON.parse(cached.stdout).cost).toEqual({ usd: 0, input_tokens: 0, output_tokens: 0, calls: 0, cache_hits: 3, unpriced_calls: 0 });
    clear();
    const uncached = await runCli(args(f, '--judge', 'fake:a', '--no-cache'));
    expect(a.calls).toBe(6);
    expect(JSON.parse(uncached.stdout).cost).toMatchObject({ calls: 3, cache_hits: 0, input_tokens: 30_000 });
  });

  it('prints the cost line in the table summary', async () => {
    const f = files(2);
    registry.set('fake:a', new CountingJudge('fake:a', { usage }));
    const r = await runCli(['score', '--input', f.input, '--rubric', f.rubric, '--db', f.db, '--config', f.config, '--judge', 'fake:a']);
    expect(r.stdout).toContain('cost: $0.0200 · 20000 input / 0 output tokens · 2 calls, 0 cache hits');
  });
});

describe('cxqa score with a judge panel', () => {
  it('reports disputed criteria in the summary and marks them in export', async () => {
    const f = files(2);
    const label = (l: string) => (c: { id: string }) => (c.id === 'resolution' ? { value: l } : {});
    registry.set('fake:a', new CountingJudge('fake:a', { usage, answer: label('resolved') }));
    registry.set('fake:b', new CountingJudge('fake:b', { usage, answer: label('unresolved') }));
    registry.set('fake:c', new CountingJudge('fake:c', { usage, answer: label('resolved') }));
    const majority = await runCli(args(f, '--judge', 'fake:a,fake:b,fake:c'));
    expect(majority.code).toBe(0);
    const s1 = JSON.parse(majority.stdout) as { judge: string; criteria: Record<string, { disputed: number; distribution: Record<string, number> }> };
    expect(s1.judge).toBe('fake:a,fake:b,fake:c');
    expect(s1.criteria['resolution']).toMatchObject({ disputed: 0, distribution: { resolved: 2 } });

    const split = await runCli(args(f, '--judge', 'fake:a,fake:b'));
    expect(split.code).toBe(3);
    const s2 = JSON.parse(split.stdout) as { criteria: Record<string, { disputed: number }>; cost: { calls: number; cache_hits: number } };
    expect(s2.criteria['resolution']!.disputed).toBe(2);
    expect(s2.cost).toMatchObject({ calls: 0, cache_hits: 4 }); // both members' answers came from the first run's cache
    const exported = await runCli(['export', '--db', f.db, '--format', 'jsonl']);
    const records = exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as { criteria: Record<string, { disputed?: boolean }> });
    expect(records.map((r) => r.criteria['resolution']!.disputed)).toEqual([true, true]);
    expect(records.map((r) => r.criteria['policy']!.disputed)).toEqual([undefined, undefined]);

    // Three members again: now the majority agrees, so no transcript is disputed in that run.
    await runCli(args(f, '--judge', 'fake:a,fake:b,fake:c'));
    const none = await runCli(['export', '--db', f.db, '--format', 'jsonl', '--disputed']);
    expect(none.stdout).toBe('');
    const handle = new Database(f.db);
    const runs = handle.prepare("SELECT id FROM runs WHERE judge = 'fake:a,fake:b'").all() as { id: string }[];
    handle.close();
    const listed = await runCli(['export', '--db', f.db, '--format', 'jsonl', '--disputed', '--run', runs[0]!.id]);
    expect(listed.stdout.trim().split('\n')).toHaveLength(2);
  });
});

describe('cxqa score --config', () => {
  it('names file, line and field of a bad config and exits 2', async () => {
    const f = files(1);
    writeFileSync(f.config, 'prices:\n  "fake:a":\n    input: 1\n    output: free\n');
    const r = await runCli(args(f, '--judge', 'fake:a'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${f.config}:4 (field prices.fake:a.output)`);
    expect(existsSync(f.db)).toBe(false);
  });

  it('a missing --config file is an error', async () => {
    const f = files(1);
    const r = await runCli(args(f, '--config', pathIn(tempDir(), 'nope.yaml')));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.yaml: file not found');
  });
});
