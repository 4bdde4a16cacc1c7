import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkAlerts } from '../../src/alerts/check-alerts.js';
import type { RunSummary } from '../../src/report/run-summary.js';
import { writeGovernanceFixtures } from '../governance/governance-fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

// `fake:errors` is a judge whose every verdict is a judging failure (the offline judge no longer fails on a criterion
// it has no signal for: that is an N/A with OFFLINE_UNSUPPORTED, not an error). Other specs build the real judges.
vi.mock('../../src/judge/select-judge.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/judge/select-judge.js')>();
  const errors = {
    name: 'fake:errors',
    fingerprint: 'fake:errors:1',
    judge: async (req: { criteria: readonly { id: string }[] }) => ({
      verdicts: req.criteria.map((c) => ({ criterion: c.id, value: null, na: false, rationale: '', evidence: [], judge: 'fake:errors', error: { code: 'JUDGE_SCHEMA_INVALID', message: 'malformed output' } })),
    }),
  };
  return {
    ...original,
    selectJudge: (...args: Parameters<typeof original.selectJudge>) => (String(args[0]).trim() === 'fake:errors' ? errors : original.selectJudge(...args)),
  };
});

const tempDir = useTempDir();

function config(alerts: string): string {
  const file = join(tempDir(), 'cxqa.config.yaml');
  writeFileSync(file, `alerts:\n${alerts}`);
  return file;
}

describe('alerts', () => {
  it('exits 0 and prints no alert line when no threshold is breached', async () => {
    const f = writeGovernanceFixtures(tempDir());
    const cfg = config('  violation_rate_max: 0.5\n  injection_rate_max: 0.5\n  judge_error_rate_max: 0\n');
    const r = await runCli(['score', '-i', f.input, '-r', f.v1, '-j', 'offline', '--db', f.db, '--config', cfg, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('exits 1 with one JSON line per breach', async () => {
    const f = writeGovernanceFixtures(tempDir());
    const cfg = config('  violation_rate_max: 0.2\n  injection_rate_max: 0.1\n  qa_score_mean_min: 90\n  auto_fail_rate_max: 0.5\n');
    const r = await runCli(['score', '-i', f.input, '-r', f.v1, '-j', 'offline', '--db', f.db, '--config', cfg]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').filter((l) => l.startsWith('{"alert"'));
    const alerts = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(alerts.map((a) => a.alert)).toEqual(['violation_rate', 'qa_score_mean', 'injection_rate']);
    expect(alerts[0]).toEqual({ alert: 'violation_rate', value: 0.3333, threshold: 0.2, run_id: expect.stringMatching(/^run-/) });
    expect(Object.keys(alerts[2]!)).toEqual(['alert', 'value', 'threshold', 'run_id']);
  });

  it('with --json prints exactly one object: the breaches inside it (alerts) and as JSON lines on stderr', async () => {
    const f = writeGovernanceFixtures(tempDir());
    const cfg = config('  violation_rate_max: 0.2\n  injection_rate_max: 0.1\n');
    const r = await runCli(['score', '-i', f.input, '-r', f.v1, '-j', 'offline', '--db', f.db, '--config', cfg, '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const summary = JSON.parse(r.stdout) as { alerts: { alert: string }[] };
    expect(summary.alerts.map((a) => a.alert)).toEqual(['violation_rate', 'injection_rate']);
    const stderrAlerts = r.stderr.split('\n').filter((l) => l.startsWith('{"alert"')).map((l) => JSON.parse(l));
    expect(stderrAlerts).toEqual(summary.alerts);
  });

  it('reports a bad threshold with file, line and field (exit 2)', async () => {
    const f = writeGovernanceFixtures(tempDir());
    const cfg = config('  violation_rate_max: 2\n  violaton_rate: 1\n');
    const r = await runCli(['score', '-i', f.input, '-r', f.v1, '-j', 'offline', '--db', f.db, '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${cfg}:2 (field alerts.violation_rate_max)`);
    expect(r.stderr).toContain(`${cfg}:3 (field alerts.violaton_rate): unknown field`);
  });

  it('alerts win over partial failures: exit 1, not 3', async () => {
    const f = writeGovernanceFixtures(tempDir());
    // A judged criterion whose every verdict is a judging failure: every transcript is scored only in part.
    const rubric = join(tempDir(), 'partial.yaml');
    writeFileSync(
      rubric,
      `${readFileSync(f.v1, 'utf8')}  - id: mood\n    title: Mood\n    kind: category\n    labels: [{ id: sunny }, { id: rainy }]\n`,
    );
    const plain = await runCli(['score', '-i', f.input, '-r', rubric, '-j', 'fake:errors', '--db', f.db]);
    expect(plain.code).toBe(3);
    const cfg = config('  judge_error_rate_max: 0.1\n');
    const r = await runCli(['score', '-i', f.input, '-r', rubric, '-j', 'fake:errors', '--db', join(tempDir(), 'b.db'), '--config', cfg]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toMatchObject({ alert: 'judge_error_rate', value: 0.25, threshold: 0.1 });
  });

  it('computes rates from the run summary', () => {
    const summary = {
      run_id: 'run-x',
      transcripts: { read: 10, scored: 10, failed: 0, reused: 0, partial: 2 },
      qa_score: { mean: 80, min: 0, max: 100, auto_fail: 1 },
      criteria: { a: { kind: 'scale', n: 8, na: 0, errors: 2, mean: 3, pass_rate: null, distribution: {} } },
      rule_violations: 0,
      injection_suspects: 0,
    } as unknown as RunSummary;
    expect(checkAlerts(summary, { judge_error_rate_max: 0.1, auto_fail_rate_max: 0.2 })).toEqual([
      { alert: 'judge_error_rate', value: 0.2, threshold: 0.1, run_id: 'run-x' },
    ]);
  });
});
