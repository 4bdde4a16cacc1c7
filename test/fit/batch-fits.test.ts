import { describe, expect, it } from 'vitest';
import { withBatchFits, withFitRefs, withoutFitRefs } from '../../src/fit/batch-fits.js';
import { FittedJudge } from '../../src/fit/fitted-judge.js';
import { fitsById, storeFit } from '../../src/store/fit-repository.js';
import { openDatabase } from '../../src/store/open-database.js';
import { StubJudge } from '../helpers/stub-judge.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

const fit = (criterionId: string, to: number) => ({
  rubricId: 'r',
  criterionId,
  judge: 'stub:v1',
  judgeFingerprint: 'stub:v1',
  source: 'test',
  labels: 30,
  model: { kind: 'isotonic' as const, points: [{ x: 4, y: to }], min: 1, max: 5 },
  cv: {},
});

describe('the fits recorded with a provider batch', () => {
  const tmp = useTempDir();

  it('are found again by identity, in their order, after a merge renumbered them; a missing one is named, never replaced', () => {
    const shard = openDatabase(pathIn(tmp(), 'shard.db'));
    const target = openDatabase(pathIn(tmp(), 'target.db'));
    const ids = [storeFit(shard, fit('tone', 2), '2026-11-01T00:00:00.000Z'), storeFit(shard, fit('empathy', 3), '2026-11-02T00:00:00.000Z')];
    const submitted = new FittedJudge(new StubJudge(), fitsById(shard, ids).reverse());
    const settingsJson = JSON.stringify(withFitRefs({ base_url: null }, submitted));
    expect(withoutFitRefs(JSON.parse(settingsJson))).toEqual({ base_url: null });

    // The target holds other fits first, so the same fits get other ids there.
    storeFit(target, fit('tone', 5), '2026-10-01T00:00:00.000Z');
    const [empathy, tone] = [storeFit(target, fit('empathy', 3), '2026-11-02T00:00:00.000Z'), storeFit(target, fit('tone', 2), '2026-11-01T00:00:00.000Z')];
    const inTarget = withBatchFits(new StubJudge(), target, settingsJson) as FittedJudge;
    expect(inTarget.fits.map((f) => f.id)).toEqual([empathy, tone]);
    // Named by key, not by row id: the same name as in the shard, though the ids differ.
    const [empathyKey, toneKey] = fitsById(target, [empathy!, tone!]).map((f) => f.key);
    expect(inTarget.name).toBe(`stub:v1+fit-${empathyKey}+fit-${toneKey}`);
    expect(inTarget.name).toBe(submitted.name);
    expect((withBatchFits(new StubJudge(), shard, settingsJson) as FittedJudge).name).toBe(submitted.name);

    const elsewhere = openDatabase(pathIn(tmp(), 'other.db'));
    storeFit(elsewhere, fit('tone', 2), '2026-11-01T00:00:00.000Z');
    expect(withBatchFits(new StubJudge(), elsewhere, settingsJson)).toEqual({ missing: ['empathy (made 2026-11-02T00:00:00.000Z)'] });
    expect(withBatchFits(new StubJudge(), elsewhere, JSON.stringify({ base_url: null }))).toBeInstanceOf(StubJudge);
    for (const db of [shard, target, elsewhere]) db.close();
  });
});
