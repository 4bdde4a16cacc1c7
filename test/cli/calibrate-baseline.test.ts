import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

const RUBRIC = 'rubrics/support-qa.yaml';

/**
 * The bundled eval set with a third rater on auto_csat (one level off rater-a on every third transcript), so every
 * item has 3 raters and the held-out-human baseline applies. Resolution keeps its 2 raters: no baseline there.
 */
function threeRaterEval(dir: string): string {
  const lines = readFileSync('evals/support-qa.eval.jsonl', 'utf8').trim().split('\n');
  const out = lines.map((line, i) => {
    const item = JSON.parse(line) as { human_labels: { rater: string; labels: Record<string, unknown> }[] };
    const a = item.human_labels[0]!.labels.auto_csat as number;
    const c = i % 3 === 0 ? (a >= 3 ? a - 1 : a + 1) : a;
    item.human_labels.push({ rater: 'rater-c', labels: { auto_csat: c } });
    return JSON.stringify(item);
  });
  const file = pathIn(dir, 'three.eval.jsonl');
  writeFileSync(file, `${out.join('\n')}\n`);
  return file;
}

describe('cxqa calibrate: held-out-human baseline', () => {
  const tmp = useTempDir();

  it('prints human_baseline per criterion in --json, keeps human_alpha, and stores the results with it', async () => {
    const dir = tmp();
    const db = pathIn(dir, 'cxqa.db');
    const res = await runCli(['calibrate', '-e', threeRaterEval(dir), '-r', RUBRIC, '--judge', 'offline', '--db', db, '--json', '--iterations', '50']);
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout);
    const csat = report.criteria.auto_csat;
    expect(csat.human_alpha).toEqual(expect.any(Number));
    expect(csat.human_baseline).toMatchObject({ method: 'leave-one-rater-out', draws: 20, items: 48, ratio_statistic: 'alpha' });
    for (const k of ['alpha', 'kappa', 'weighted_kappa', 'spearman', 'judge_alpha', 'judge_kappa', 'judge_weighted_kappa', 'judge_spearman', 'ratio']) {
      expect(csat.human_baseline[k], k).toEqual(expect.any(Number));
    }
    expect(csat.human_baseline.ci95.ratio).toHaveLength(2);
    expect(report.criteria.resolution.human_baseline).toBeNull();

    const raw = new Database(db, { readonly: true });
    const rows = raw.prepare("SELECT * FROM calibration_results WHERE run_id = ? ORDER BY criterion_id").all(report.run_id) as Record<string, unknown>[];
    raw.close();
    const stored = rows.find((r) => r.criterion_id === 'auto_csat')!;
    expect(stored).toMatchObject({ judge: 'offline:v1', rubric_id: 'support_qa', human_ratio: csat.human_baseline.ratio, baseline_judge_alpha: csat.human_baseline.judge_alpha });
    expect(JSON.parse(stored.result_json as string)).toEqual(csat);
    expect(rows.map((r) => r.criterion_id)).toEqual(Object.keys(report.criteria).sort());
  });

  it('gates on --min-human-ratio (exit 1 naming the criterion) and shows the baseline table', async () => {
    const dir = tmp();
    const db = pathIn(dir, 'cxqa.db');
    const res = await runCli(['calibrate', '-e', threeRaterEval(dir), '-r', RUBRIC, '--judge', 'offline', '--db', db, '--iterations', '50', '--min-human-ratio', '9']);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/held-out-human baseline/);
    expect(res.stdout).toMatch(/auto_csat: judge reaches \d\.\d\d of one more human/);
    expect(res.stderr).toMatch(/gate failed: auto_csat judge\/held-out-human α ratio lower 95% bound [\d.-]+ < 9/);
    // resolution has 2 raters only: the gate cannot be checked, so it fails and says why
    expect(res.stderr).toMatch(/gate failed: resolution min_human_ratio 9: no item has 3 or more raters/);
  });
});
