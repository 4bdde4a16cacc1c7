import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

const RUBRIC = 'rubrics/support-qa.yaml';
const EVAL = 'evals/support-qa.eval.jsonl';

/** The bundled eval set with a third auto_csat rater (one level off on every third transcript). */
function threeRaterEval(dir: string, take?: number): string {
  const lines = readFileSync(EVAL, 'utf8').trim().split('\n').slice(0, take);
  const out = lines.map((line, i) => {
    const item = JSON.parse(line) as { human_labels: { rater: string; labels: Record<string, unknown> }[] };
    const a = item.human_labels[0]!.labels.auto_csat as number;
    item.human_labels.push({ rater: 'rater-c', labels: { auto_csat: i % 3 === 0 ? (a >= 3 ? a - 1 : a + 1) : a } });
    return JSON.stringify(item);
  });
  const file = pathIn(dir, `three-${take ?? 'all'}.eval.jsonl`);
  writeFileSync(file, `${out.join('\n')}\n`);
  return file;
}

function query(db: string, sql: string, ...params: unknown[]): Record<string, unknown>[] {
  const raw = new Database(db, { readonly: true });
  try {
    return raw.prepare(sql).all(...params) as Record<string, unknown>[];
  } finally {
    raw.close();
  }
}

describe('cxqa fit', () => {
  const tmp = useTempDir();

  it('prints k-fold agreement before/after beside the held-out human, stores a versioned fit, and is deterministic', async () => {
    const dir = tmp();
    const db = pathIn(dir, 'cxqa.db');
    const evalFile = threeRaterEval(dir);
    const first = await runCli(['fit', '-r', RUBRIC, '-c', 'auto_csat', '-e', evalFile, '--db', db, '--json']);
    expect(first.code).toBe(0);
    const a = JSON.parse(first.stdout);
    expect(a).toMatchObject({ criterion: 'auto_csat', judge: 'offline:v1', fit_id: 1, kind: 'offline-linear', labels: 48, refused: null });
    expect(a.cv).toMatchObject({ folds: 5, seed: 42, statistic: 'alpha' });
    expect(a.cv.after.alpha).toBeGreaterThan(a.cv.before.alpha);
    expect(a.human_baseline).toMatchObject({ draws: 20, items: 48 });
    expect(a.human_baseline.after.ratio).toEqual(expect.any(Number));
    const second = await runCli(['fit', '-r', RUBRIC, '-c', 'auto_csat', '-e', evalFile, '--db', db, '--json']);
    const b = JSON.parse(second.stdout);
    expect(b.fit_id).toBe(2);
    expect(b.model).toEqual(a.model);
    expect(b.cv).toEqual(a.cv);
    expect(query(db, 'SELECT id, criterion_id, judge, kind, labels FROM judge_fits ORDER BY id')).toEqual([
      { id: 1, criterion_id: 'auto_csat', judge: 'offline:v1', kind: 'offline-linear', labels: 48 },
      { id: 2, criterion_id: 'auto_csat', judge: 'offline:v1', kind: 'offline-linear', labels: 48 },
    ]);
    const text = await runCli(['fit', '-r', RUBRIC, '-c', 'auto_csat', '-e', evalFile]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/5-fold cross-validated agreement/);
    expect(text.stdout).toMatch(/unfitted {2}α [\d.]+/);
    expect(text.stdout).toMatch(/reaches [\d.]+ → [\d.]+ of one more human/);
    expect(text.stdout).toMatch(/not stored \(no --db\)/);
  });

  it('refuses too few labels with exit 2 and the reason, storing nothing', async () => {
    const dir = tmp();
    const db = pathIn(dir, 'cxqa.db');
    const res = await runCli(['fit', '-r', RUBRIC, '-c', 'auto_csat', '-e', threeRaterEval(dir, 12), '--db', db]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/fit refused \(FIT_TOO_FEW_LABELS\): 12 labelled transcript\(s\) for auto_csat: a fit needs at least 30/);
    expect(query(db, 'SELECT * FROM judge_fits')).toEqual([]);
  });

  it('refuses --from-surveys when the database holds too few survey answers, and a category criterion from surveys', async () => {
    const dir = tmp();
    const db = pathIn(dir, 'cxqa.db');
    expect((await runCli(['score', '-i', 'samples/transcripts.jsonl', '-r', RUBRIC, '--db', db, '--quiet'])).code).toBeLessThan(2);
    const few = await runCli(['fit', '-r', RUBRIC, '-c', 'auto_csat', '--from-surveys', '--db', db]);
    expect(few.code).toBe(2);
    expect(few.stderr).toMatch(/FIT_TOO_FEW_LABELS/);
    const cat = await runCli(['fit', '-r', RUBRIC, '-c', 'resolution', '--from-surveys', '--db', db]);
    expect(cat.code).toBe(2);
    expect(cat.stderr).toMatch(/--from-surveys labels scale criteria only/);
    const none = await runCli(['fit', '-r', RUBRIC, '-c', 'auto_csat']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give exactly one label source/);
  });

  it('score then uses the latest fit: a new judge name and fingerprint, results stored apart, old results kept; --fit none; audit shows it', async () => {
    const dir = tmp();
    const db = pathIn(dir, 'cxqa.db');
    const score = (...extra: string[]) => runCli(['score', '-i', 'samples/transcripts.jsonl', '-r', RUBRIC, '--db', db, '--json', ...extra]);
    const before = JSON.parse((await score()).stdout);
    expect(before.judge).toBe('offline:v1');
    const fitted = await runCli(['fit', '-r', RUBRIC, '-c', 'auto_csat', '-e', threeRaterEval(dir), '--db', db]);
    expect(fitted.code).toBe(0);
    const key = /stored as fit ([0-9a-f]{12}) \(#1\) in /.exec(fitted.stdout)?.[1];
    expect(key).toBeDefined();
    const name = `offline:v1+fit-${key!}`;
    const after = JSON.parse((await score()).stdout);
    expect(after.judge).toBe(name);
    expect(after.transcripts.scored).toBe(48);
    expect(after.transcripts.reused).toBe(0);
    const evaluations = query(db, "SELECT judge, judge_fingerprint, COUNT(*) AS n FROM evaluations WHERE transcript_id LIKE 't-%' GROUP BY judge, judge_fingerprint ORDER BY judge");
    expect(evaluations).toHaveLength(2);
    expect(evaluations[0]).toMatchObject({ judge: 'offline:v1', n: 48 });
    expect(evaluations[1]).toMatchObject({ judge: name, n: 48 });
    expect(evaluations[1]!.judge_fingerprint).toBe(`${evaluations[0]!.judge_fingerprint as string}+fit-${key!}`);
    const unfitted = JSON.parse((await score('--fit', 'none')).stdout);
    expect(unfitted.judge).toBe('offline:v1');
    expect(unfitted.transcripts.reused).toBe(48);

    const audit = await runCli(['audit', 't-001', '--db', db]);
    expect(audit.stdout).toContain(`judge ${name}`);
    expect(audit.stdout).toContain(`fit ${key!} (#1 here) auto_csat: offline-linear on 48 labels from eval:`);
    expect(audit.stdout).toMatch(new RegExp(`auto_csat \\[scale\\] = \\d — .*fitted by fit ${key!}`));

    const cal = JSON.parse((await runCli(['calibrate', '-e', EVAL, '-r', RUBRIC, '--db', db, '--json', '--iterations', '20'])).stdout);
    expect(cal.judge).toBe(name);
    const calNone = JSON.parse((await runCli(['calibrate', '-e', EVAL, '-r', RUBRIC, '--db', db, '--json', '--iterations', '20', '--fit', 'none'])).stdout);
    expect(calNone.judge).toBe('offline:v1');
  });
});
