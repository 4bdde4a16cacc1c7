import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { makeTranscript, say, toJsonl } from '../helpers/transcripts.js';

const good = makeTranscript(
  [say('customer', 'My parcel is late'), say('bot', 'This chat may be recorded. I have re-sent it; it arrives Friday.'), say('customer', 'that worked, thanks')],
  { id: 'ok-1' },
);
const unknownRole = { ...makeTranscript([say('customer', 'hi')]), id: 'bad-role' };
(unknownRole.messages[0] as { role: string }).role = 'robot';

describe('cxqa score / export / rubric check', () => {
  const tmp = useTempDir();

  function files(lines: unknown[]) {
    const dir = tmp();
    const input = pathIn(dir, 'in.jsonl');
    writeFileSync(input, toJsonl(lines));
    return { input, db: pathIn(dir, 'cxqa.db') };
  }

  it('scores every good line, names file, line and field of bad ones, and exits 3', async () => {
    const { input, db } = files([good, '{"id": "x", ', unknownRole, { ...good, id: 'ok-2' }]);
    const res = await runCli(['score', '-i', input, '-r', 'rubrics/support-qa.yaml', '--db', db, '--json']);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain(`${input}:2: not valid JSON`);
    expect(res.stderr).toContain(`${input}:3 (field messages[0].role)`);
    expect(res.stderr).toContain('got "robot"');
    const summary = JSON.parse(res.stdout) as { run_id: string; transcripts: Record<string, number>; qa_score: { mean: number }; criteria: Record<string, unknown> };
    expect(summary.transcripts).toMatchObject({ read: 4, scored: 2, failed: 2 });
    expect(summary.qa_score.mean).toBeGreaterThan(0);
    expect(Object.keys(summary.criteria)).toEqual(expect.arrayContaining(['accuracy', 'resolution', 'auto_csat', 'recording_disclosure']));
  });

  it('says so when the input holds no transcripts (an empty nightly export), and exits 0', async () => {
    const dir = tmp();
    const input = pathIn(dir, 'empty.jsonl');
    writeFileSync(input, '\n\n');
    const res = await runCli(['score', '-i', input, '-r', 'rubrics/support-qa.yaml', '--db', pathIn(dir, 'cxqa.db'), '--json']);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(`${input} holds no transcripts: nothing was scored`);
    expect(JSON.parse(res.stdout).transcripts).toMatchObject({ read: 0, scored: 0 });
  });

  it('exits 0 when everything scored, prints a table, and reuses results on a re-run', async () => {
    const { input, db } = files([good]);
    const first = await runCli(['score', '-i', input, '-r', 'rubrics/support-qa.yaml', '--db', db]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/transcripts: 1 read, 1 scored \(0 reused/);
    expect(first.stdout).toContain('recording_disclosure');
    const second = await runCli(['score', '-i', input, '-r', 'rubrics/support-qa.yaml', '--db', db]);
    expect(second.stdout).toMatch(/1 scored \(1 reused/);
  });

  it('exits 2 and does nothing for a rubric with a typo, naming file, line and field', async () => {
    const { input, db } = files([good]);
    const rubric = pathIn(tmp(), 'typo.yaml');
    writeFileSync(rubric, readFileSync('rubrics/support-qa.yaml', 'utf8').replace('    weight: 3\n', '    wieght: 3\n'));
    const res = await runCli(['score', '-i', input, '-r', rubric, '--db', db]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(new RegExp(`${rubric.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+ \\(field criteria\\[0\\]\\.wieght\\): unknown field "wieght" \\(did you mean "weight"\\?\\)`));
    const check = await runCli(['rubric', 'check', rubric]);
    expect(check.code).toBe(2);
  });

  it('exits 2 for usage errors: missing input, unknown judge, bad flag value, missing required flag', async () => {
    const { input, db } = files([good]);
    expect((await runCli(['score', '-i', 'nope.jsonl', '-r', 'rubrics/support-qa.yaml', '--db', db])).code).toBe(2);
    const judge = await runCli(['score', '-i', input, '-r', 'rubrics/support-qa.yaml', '--db', db, '--judge', 'magic']);
    expect(judge.code).toBe(2);
    expect(judge.stderr).toContain('unknown judge "magic"');
    const conc = await runCli(['score', '-i', input, '-r', 'rubrics/support-qa.yaml', '--db', db, '--concurrency', '0']);
    expect(conc.code).toBe(2);
    expect(conc.stderr).toContain('--concurrency takes a whole number ≥ 1, got "0"');
    expect((await runCli(['score', '-i', input])).code).toBe(2);
  });

  it('exports one JSON line per transcript and one CSV row per criterion', async () => {
    const { input, db } = files([good, { ...good, id: 'ok-2' }]);
    await runCli(['score', '-i', input, '-r', 'rubrics/support-qa.yaml', '--db', db]);
    const jsonl = await runCli(['export', '--db', db, '--format', 'jsonl']);
    expect(jsonl.code).toBe(0);
    const records = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(records.map((r) => r.transcript_id)).toEqual(['ok-1', 'ok-2']);
    const disclosure = records[0]!.criteria.recording_disclosure;
    expect(disclosure).toMatchObject({ value: 'pass', na: false, judge: 'rule', error: null });
    expect(disclosure.evidence[0]).toEqual({ message: 1, quote: 'chat may be recorded' });
    for (const c of Object.values(records[0]!.criteria) as { evidence: { message: number; quote: string }[] }[]) {
      for (const e of c.evidence) expect(good.messages[e.message]!.text).toContain(e.quote);
    }
    const csv = await runCli(['export', '--db', db, '--format', 'csv']);
    const rows = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2 * 9);
    expect(rows[0]).toMatchObject({ transcript_id: 'ok-1', criterion: 'accuracy' });
    expect((await runCli(['export', '--db', db, '--format', 'xml'])).code).toBe(2);
    expect((await runCli(['export', '--db', db, '--format', 'jsonl', '--run', 'run-nope'])).code).toBe(2);
  });

  it('prints help for every command', async () => {
    for (const cmd of [['score'], ['export'], ['rubric', 'check'], ['calibrate']]) {
      const res = await runCli([...cmd, '--help']);
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/Usage: cxqa/);
    }
  });
});
