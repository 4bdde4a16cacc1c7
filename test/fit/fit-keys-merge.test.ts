import { describe, expect, it } from 'vitest';
import { selectJudge } from '../../src/judge/select-judge.js';
import { judgeProvenance, withFits } from '../../src/report/audit-history.js';
import { fitsById, latestFits, storeFit } from '../../src/store/fit-repository.js';
import { openDatabase } from '../../src/store/open-database.js';
import type { FitModel } from '../../src/values/fit-model.js';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { queryDb as rows } from '../helpers/database-contents.js';

const INPUT = 'samples/transcripts.jsonl';
const RUBRIC = 'rubrics/support-qa.yaml';
const OFFLINE = selectJudge('offline').fingerprint;

/** An isotonic Auto-CSAT fit for the offline judge that maps every score to `to`. */
function csatFit(to: number) {
  const model: FitModel = { kind: 'isotonic', points: [{ x: 1, y: to }], min: 1, max: 5 };
  return { rubricId: 'support_qa', criterionId: 'auto_csat', judge: 'offline:v1', judgeFingerprint: OFFLINE, source: 'test', labels: 30, model, cv: {} };
}

describe('fits are named by key, so merge (which renumbers them) keeps every name pointing at its own fit', () => {
  const tmp = useTempDir();

  it('a shard fit renumbered by merge is still the one its results name, in audit; the latest fit is the newest, not the highest id', async () => {
    const dir = tmp();
    const shards = [0, 1].map((i) => pathIn(dir, `shard-${i}.db`));
    // Each shard has one fit, both with row id 1: under row-id names both shards' results would say `+fit1`.
    const made = ['2026-11-02T00:00:00.000Z', '2026-11-01T00:00:00.000Z'];
    const keys: string[] = [];
    for (const [i, shard] of shards.entries()) {
      const db = openDatabase(shard);
      const id = storeFit(db, csatFit(i === 0 ? 2 : 4), made[i]);
      expect(id).toBe(1);
      keys.push(fitsById(db, [id])[0]!.key);
      db.close();
      const r = await runCli(['score', '-i', INPUT, '-r', RUBRIC, '--judge', 'offline', '--db', shard, '--quiet', '--shard', `${i}/2`]);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(keys[0]).not.toBe(keys[1]);

    const merged = pathIn(dir, 'merged.db');
    expect((await runCli(['merge', '--into', merged, shards[0]!, shards[1]!])).code).toBe(0);
    // The second shard's fit is #2 in the merged database; its results still name it by its key.
    const fits = rows<{ id: number; created_at: string }>(merged, 'SELECT id, created_at FROM judge_fits ORDER BY id');
    expect(fits).toEqual([{ id: 1, created_at: made[0] }, { id: 2, created_at: made[1] }]);
    const tid = rows<{ transcript_id: string }>(shards[1]!, 'SELECT transcript_id FROM evaluations ORDER BY id LIMIT 1')[0]!.transcript_id;
    const [evaluation] = rows<{ judge: string; value_json: string }>(
      merged,
      `SELECT e.judge, cr.value_json FROM evaluations e JOIN criterion_results cr ON cr.evaluation_id = e.id
       WHERE e.transcript_id = ? AND cr.criterion_id = 'auto_csat'`,
      tid,
    );
    expect(evaluation).toEqual({ judge: `offline:v1+fit-${keys[1]!}`, value_json: '4' });

    const audit = await runCli(['audit', tid, '--db', merged]);
    expect(audit.code, audit.stderr).toBe(0);
    expect(audit.stdout).toContain(`fit ${keys[1]!} (#2 here) auto_csat: isotonic on 30 labels`);
    expect(audit.stdout).not.toContain(`fit ${keys[0]!}`);

    // The newest fit wins, though merge gave the older one the higher id.
    const db = openDatabase(merged);
    expect(latestFits(db, 'support_qa', OFFLINE).map((f) => f.key)).toEqual([keys[0]]);
    db.close();
  });

  it('an old row-id name (`+fit1`) is shown only when that fit was made for the same unfitted judge; otherwise it is listed as unresolved', () => {
    const db = openDatabase(pathIn(tmp(), 'legacy.db'));
    storeFit(db, csatFit(3));
    const own = withFits(db, judgeProvenance('offline:v1+fit1', `${OFFLINE}+fit1`, null));
    expect(own.fits?.map((f) => f.id)).toEqual([1]);
    expect(own.unresolved_fits).toBeUndefined();
    // A shard's `+fit1` merged here named another judge's fit: never shown as this one.
    const other = withFits(db, judgeProvenance('offline:v1+fit1', 'offline:v1:0000000000000000+fit1', null));
    expect(other.fits).toEqual([]);
    expect(other.unresolved_fits).toEqual(['fit1']);
    const missing = withFits(db, judgeProvenance('offline:v1+fit-0123456789ab', `${OFFLINE}+fit-0123456789ab`, null));
    expect(missing.unresolved_fits).toEqual(['fit-0123456789ab']);
    db.close();
  });
});
