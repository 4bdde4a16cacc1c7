import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readEvalSet } from '../../../src/calibrate/eval-set/read-eval-set.js';
import { runCli } from '../../helpers/run-cli.js';
import { pathIn, useTempDir } from '../../helpers/temp-dir.js';

/** Three dialogues in the USS format, written for this test. */
const USS = [
  'USER\tWhere is my parcel?\tREQUEST\t3,3,2',
  'SYSTEM\tIt arrives tomorrow.\tINFORM\t',
  'USER\tOVERALL\t\t4,3,3',
  '',
  'USER\tBook a cab.\tINFORM_INTENT\t3,3,3',
  'SYSTEM\tDone.\tNOTIFY\t',
  'USER\tOVERALL\t\t5,4,4',
  '',
  'USER\tHello?\t\t3,3,3',
  'USER\tOVERALL\t\t1,2,oops',
  '',
].join('\n');

/** A small file in the AB-ReDial annotated_dialogues.csv layout, written for this test. */
const AB = [
  'ConvId,utterance0,utterance1,understanding,task-completion,interest-arousal,efficiency,dialogue-overall,justification-text',
  'X1,SYSTEM\tHi!,USER\tA comedy please,3.0,3.0,2.0,1.0,5.0,fine',
  'X1,SYSTEM\tHi!,USER\tA comedy please,2.0,2.0,1.0,0.0,3.0,meh',
].join('\n');

async function readAll(path: string) {
  const out = [];
  for await (const line of readEvalSet(path)) out.push(line);
  return out;
}

describe('cxqa import', () => {
  const tmp = useTempDir();

  it('imports USS to --out as a valid eval set, naming the corpus after the file, and exits 3 for the bad dialogue', async () => {
    const dir = tmp();
    const input = pathIn(dir, 'SGD.txt');
    writeFileSync(input, USS);
    const out = pathIn(dir, 'sgd.jsonl');
    const res = await runCli(['import', '--from', 'uss', input, '--out', out]);
    expect(res.code).toBe(3);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain(`skipped: ${input}:10 (field ratings): expected comma-separated ratings 1–5, got "1,2,oops" [USS_RATINGS]`);
    expect(res.stderr).toMatch(/imported 2 items from .* \(1 skipped, 0 partial problems\)/);
    expect(res.stderr).toContain('raters per item: 3×2');
    expect(res.stderr).toContain('auto_csat: 3×2 4×3 5×1');
    const lines = await readAll(out);
    expect(lines.every((l) => l.ok)).toBe(true);
    expect(lines.map((l) => l.ok && l.item.id)).toEqual(['uss-sgd-0001', 'uss-sgd-0002']);
  });

  it('writes to stdout, honours --corpus-name and --limit, and exits 0 when nothing was left out', async () => {
    const dir = tmp();
    const input = pathIn(dir, 'dialogues.txt');
    writeFileSync(input, USS);
    const res = await runCli(['import', '--from', 'uss', input, '--corpus-name', 'mwoz', '--limit', '1']);
    expect(res.code).toBe(0);
    const items = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string });
    expect(items.map((i) => i.id)).toEqual(['uss-mwoz-0001']);
    expect(res.stderr).toContain('stopped at --limit 1');
  });

  it('imports AB-ReDial with one rater per annotator row', async () => {
    const dir = tmp();
    const input = pathIn(dir, 'annotated_dialogues.csv');
    writeFileSync(input, AB);
    const res = await runCli(['import', '--from', 'ab-redial', input]);
    expect(res.code).toBe(0);
    const item = JSON.parse(res.stdout) as { id: string; human_labels: unknown };
    expect(item.id).toBe('ab-redial-X1');
    expect(item.human_labels).toEqual([
      { rater: 'abr-a1', labels: { auto_csat: 5, resolution: 'resolved' } },
      { rater: 'abr-a2', labels: { auto_csat: 3, resolution: 'unresolved' } },
    ]);
    expect(res.stderr).toContain('resolution: resolved×1 unresolved×1');
  });

  it('exits 2 without creating --out for a missing file, a bad header or a bad --from', async () => {
    const dir = tmp();
    const out = pathIn(dir, 'out.jsonl');
    const missing = await runCli(['import', '--from', 'uss', pathIn(dir, 'nope.txt'), '--out', out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('input file not found');

    const input = pathIn(dir, 'bad.csv');
    writeFileSync(input, 'ConvId,utterance0,dialogue-overall\nX1,USER\thi,4\n');
    const header = await runCli(['import', '--from', 'ab-redial', input, '--out', out]);
    expect(header.code).toBe(2);
    expect(header.stderr).toContain(`${input}:1 (field task-completion): missing column "task-completion"`);
    expect(existsSync(out)).toBe(false);

    const format = await runCli(['import', '--from', 'csv', input]);
    expect(format.code).toBe(2);
    expect(readFileSync(input, 'utf8')).toContain('ConvId');
  });
});
