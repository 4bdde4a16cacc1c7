import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readEvalSet, type EvalSetLine } from '../../../src/calibrate/eval-set/read-eval-set.js';
import { evalItemSchema } from '../../../src/calibrate/eval-set/schema.js';
import { makeTranscript, say, toJsonl } from '../../helpers/transcripts.js';

async function collect(text: string): Promise<EvalSetLine[]> {
  const out: EvalSetLine[] = [];
  for await (const line of readEvalSet(Readable.from([text]), 'set.jsonl')) out.push(line);
  return out;
}

function item(id: string, humanLabels: unknown) {
  return { ...makeTranscript([say('customer', 'hi'), say('bot', 'hello')], { id }), human_labels: humanLabels };
}

describe('evalItemSchema', () => {
  it('accepts number, string and null labels from one or more raters', () => {
    const ok = evalItemSchema.safeParse(
      item('a', [
        { rater: 'r1', labels: { auto_csat: 4, resolution: 'resolved', actionability: null } },
        { rater: 'r2', labels: { auto_csat: 5 } },
      ]),
    );
    expect(ok.success).toBe(true);
  });

  it('rejects no raters, a rater without labels, repeated raters, and unknown keys', () => {
    const paths = (v: unknown) => evalItemSchema.safeParse(v).error?.issues.map((i) => i.path.join('.'));
    expect(paths(item('a', []))).toEqual(['human_labels']);
    expect(paths(item('a', [{ rater: 'r1', labels: {} }]))).toEqual(['human_labels.0.labels']);
    expect(paths(item('a', [{ rater: 'r1', labels: { x: 1 } }, { rater: 'r1', labels: { x: 2 } }]))).toEqual(['human_labels.1.rater']);
    expect(paths(item('a', [{ rater: 'r1', labels: { x: true } }]))).toEqual(['human_labels.0.labels.x']);
    expect(paths({ ...item('a', [{ rater: 'r1', labels: { x: 1 } }]), extra: 1 })).toEqual(['']);
  });
});

describe('readEvalSet', () => {
  it('streams valid items and reports bad lines with file, line and field, going on after them', async () => {
    const text = toJsonl([
      item('good-1', [{ rater: 'r1', labels: { auto_csat: 3 } }]),
      '{"id": ',
      item('no-raters', []),
      '',
      item('bad-value', [{ rater: 'r1', labels: { auto_csat: [3] } }]),
      item('good-2', [{ rater: 'r1', labels: { resolution: 'escalated' } }]),
    ]);
    const lines = await collect(text);
    expect(lines.map((l) => [l.line, l.ok])).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [5, false],
      [6, true],
    ]);
    const errors = lines.flatMap((l) => (l.ok ? [] : [l.error]));
    expect(errors.map((e) => e.code)).toEqual(['EVAL_SET_JSON', 'EVAL_SET_INVALID', 'EVAL_SET_INVALID']);
    expect(errors[0]!.message).toMatch(/^set\.jsonl:2: not valid JSON/);
    expect(errors[1]!.message).toMatch(/^set\.jsonl:3 \(field human_labels\): an eval item needs at least one rater/);
    expect(errors[1]!.itemId).toBe('no-raters');
    expect(errors[2]!.location).toEqual({ file: 'set.jsonl', line: 5, field: 'human_labels[0].labels.auto_csat' });
    const last = lines[4]!;
    expect(last.ok && last.item.human_labels).toEqual([{ rater: 'r1', labels: { resolution: 'escalated' } }]);
  });
});
