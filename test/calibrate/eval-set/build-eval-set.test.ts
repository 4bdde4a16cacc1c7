import { readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildEvalSet, type BuildEvalSetStats } from '../../../src/calibrate/eval-set/build-eval-set.js';
import { parseLabelValue } from '../../../src/calibrate/eval-set/labels-csv.js';
import type { ImportEvent } from '../../../src/calibrate/import/import-event.js';
import { runCli } from '../../helpers/run-cli.js';
import { pathIn, useTempDir } from '../../helpers/temp-dir.js';
import { makeTranscript, say, toJsonl } from '../../helpers/transcripts.js';

const t1 = makeTranscript([say('customer', 'my order is late'), say('bot', 'sorry, it ships today')], { id: 't1' });
const t2 = makeTranscript([say('customer', 'cancel please'), say('agent', 'done')], { id: 't2' });
const t3 = makeTranscript([say('customer', 'hello')], { id: 't3' });

async function build(transcripts: string, labels: string): Promise<{ events: ImportEvent[]; stats: BuildEvalSetStats }> {
  const stats: BuildEvalSetStats = { unlabeled: 0, labelledIds: 0 };
  const events: ImportEvent[] = [];
  const gen = buildEvalSet(
    { transcripts: Readable.from([transcripts]), labels: Readable.from([labels]), transcriptsName: 'in.jsonl', labelsName: 'labels.csv' },
    stats,
  );
  for await (const e of gen) events.push(e);
  return { events, stats };
}

const items = (events: ImportEvent[]) => events.flatMap((e) => (e.kind === 'item' ? [e.item] : []));
const errors = (events: ImportEvent[]) => events.flatMap((e) => (e.kind === 'skipped' || e.kind === 'problem' ? [{ kind: e.kind, error: e.error }] : []));

describe('parseLabelValue', () => {
  it('turns numeric strings into numbers, empty into null, and keeps other text', () => {
    expect(parseLabelValue(' 4 ')).toBe(4);
    expect(parseLabelValue('0.5')).toBe(0.5);
    expect(parseLabelValue('-1')).toBe(-1);
    expect(parseLabelValue('')).toBeNull();
    expect(parseLabelValue('resolved')).toBe('resolved');
    expect(parseLabelValue('4 stars')).toBe('4 stars');
  });
});

describe('buildEvalSet', () => {
  it('joins labels onto transcripts by id, raters and criteria in CSV order, and leaves unlabelled transcripts out', async () => {
    const csv = [
      'rater,transcript_id,criterion,value',
      'ann,t1,auto_csat,4',
      'bob,t1,auto_csat,5',
      'ann,t1,resolution,resolved',
      'ann,t2,actionability,',
      'ann,t1,auto_csat,4',
    ].join('\n');
    const { events, stats } = await build(toJsonl([t1, t2, t3]), csv);
    expect(errors(events)).toEqual([]);
    expect(items(events)).toEqual([
      {
        ...t1,
        human_labels: [
          { rater: 'ann', labels: { auto_csat: 4, resolution: 'resolved' } },
          { rater: 'bob', labels: { auto_csat: 5 } },
        ],
      },
      { ...t2, human_labels: [{ rater: 'ann', labels: { actionability: null } }] },
    ]);
    expect(stats).toEqual({ unlabeled: 1, labelledIds: 2 });
  });

  it('names file, line and field for unknown transcript ids, bad rows, conflicts and bad transcript lines', async () => {
    const csv = [
      'transcript_id,rater,value,criterion,note',
      't1,ann,4,auto_csat,',
      'ghost,ann,3,auto_csat,',
      't1,,3,auto_csat,',
      't1,ann,2,auto_csat,',
      't1,ann,3',
    ].join('\n');
    const { events } = await build(toJsonl([t1, '{"id":"t9"', t1]), csv);
    expect(items(events).map((i) => i.id)).toEqual(['t1']);
    expect(errors(events).map(({ kind, error }) => [kind, error.code, error.location])).toEqual([
      ['problem', 'EVAL_LABELS_ROW', { file: 'labels.csv', line: 4, field: 'rater' }],
      ['problem', 'EVAL_LABELS_CONFLICT', { file: 'labels.csv', line: 5, field: 'value' }],
      ['problem', 'EVAL_LABELS_ROW', { file: 'labels.csv', line: 6 }],
      ['skipped', 'TRANSCRIPT_JSON', { file: 'in.jsonl', line: 2 }],
      ['skipped', 'TRANSCRIPT_DUPLICATE_ID', { file: 'in.jsonl', line: 3, field: 'id' }],
      ['problem', 'EVAL_LABELS_UNKNOWN_TRANSCRIPT', { file: 'labels.csv', line: 3, field: 'transcript_id' }],
    ]);
    expect(errors(events)[5]!.error.message).toBe('labels.csv:3 (field transcript_id): transcript id "ghost" is not in in.jsonl; its labels are left out');
  });

  it('fails before yielding anything when a required column is missing', async () => {
    await expect(build(toJsonl([t1]), 'rater,transcript_id,value\nann,t1,4\n')).rejects.toMatchObject({
      code: 'EVAL_LABELS_COLUMNS',
      location: { file: 'labels.csv', line: 1, field: 'criterion' },
    });
  });
});

describe('cxqa eval build', () => {
  const tmp = useTempDir();

  it('writes the eval set to --out and reports counts on stderr', async () => {
    const dir = tmp();
    writeFileSync(pathIn(dir, 'in.jsonl'), toJsonl([t1, t2, t3]));
    writeFileSync(pathIn(dir, 'labels.csv'), 'rater,transcript_id,criterion,value\nann,t1,auto_csat,4\nann,t2,resolution,escalated\n');
    const out = pathIn(dir, 'set.jsonl');
    const res = await runCli(['eval', 'build', '--transcripts', pathIn(dir, 'in.jsonl'), '--labels', pathIn(dir, 'labels.csv'), '--out', out]);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/wrote 2 eval items .*1 transcripts without labels left out/);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; human_labels: unknown });
    expect(lines.map((l) => [l.id, l.human_labels])).toEqual([
      ['t1', [{ rater: 'ann', labels: { auto_csat: 4 } }]],
      ['t2', [{ rater: 'ann', labels: { resolution: 'escalated' } }]],
    ]);
  });

  it('exits 3 with located errors for unknown ids, and 2 for a missing column', async () => {
    const dir = tmp();
    writeFileSync(pathIn(dir, 'in.jsonl'), toJsonl([t1]));
    writeFileSync(pathIn(dir, 'labels.csv'), 'rater,transcript_id,criterion,value\nann,t1,auto_csat,4\nann,nope,auto_csat,2\n');
    const partial = await runCli(['eval', 'build', '-t', pathIn(dir, 'in.jsonl'), '-l', pathIn(dir, 'labels.csv')]);
    expect(partial.code).toBe(3);
    expect(partial.stdout.trim().split('\n')).toHaveLength(1);
    expect(partial.stderr).toContain('labels.csv:3 (field transcript_id): transcript id "nope" is not in');

    writeFileSync(pathIn(dir, 'bad.csv'), 'rater,id,criterion,value\nann,t1,auto_csat,4\n');
    const out = pathIn(dir, 'never.jsonl');
    const usage = await runCli(['eval', 'build', '-t', pathIn(dir, 'in.jsonl'), '-l', pathIn(dir, 'bad.csv'), '-o', out]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('bad.csv:1 (field transcript_id): missing column "transcript_id"');
  });
});
