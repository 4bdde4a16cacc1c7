import { writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open-database.js';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { makeTranscript, say, toJsonl } from '../helpers/transcripts.js';

// Issue 10 item 6: what the offline judge cannot judge, it says so — N/A with a code, not a score, not an error.
const spanish = makeTranscript(
  [
    say('agent', 'Hola, le informamos que esta conversación puede ser grabada con fines de calidad. ¿En qué puedo ayudarle?'),
    say('customer', 'Hola, mi pedido no ha llegado todavía y debía llegar el lunes. Es la segunda vez que pasa.'),
    say('agent', 'Lo siento mucho. El repartidor lo entregará mañana antes de las 14:00 y le envío el número de seguimiento.'),
    say('customer', 'Vale, gracias.'),
  ],
  { id: 'es-1' },
);
const sarcastic = makeTranscript(
  [
    say('agent', 'Hello Maria, thanks for contacting us. This chat may be recorded.'),
    say('customer', 'my refund still has not arrived after three weeks'),
    say('agent', 'Refunds are processed within 5–7 working days.'),
    say('customer', 'great, thanks for nothing'),
  ],
  { id: 'en-1' },
);

const CUSTOM = `id: custom
version: "1"
title: Custom
criteria:
  - id: greeting
    title: Greeting
    kind: binary
    question: Did the agent greet the customer by name?
  - id: tone
    title: Tone
    kind: scale
    min: 1
    max: 5
    anchors: {1: a, 2: b, 3: c, 4: d, 5: e}
  - id: recording_disclosure
    title: Recording disclosure
    kind: rule
    rule:
      check: must_include
      patterns: ['may be recorded']
`;

interface Summary {
  transcripts: Record<string, number>;
  qa_score: { mean: number | null };
  criteria: Record<string, { n: number; na: number; errors: number }>;
  declined: Record<string, { conversations: number; criteria: string[] }>;
}

describe('offline N/A codes: OFFLINE_UNSUPPORTED and OFFLINE_LANGUAGE', () => {
  const tmp = useTempDir();
  function files(lines: unknown[], rubric?: string) {
    const dir = tmp();
    const input = pathIn(dir, 'in.jsonl');
    writeFileSync(input, toJsonl(lines));
    const rubricFile = pathIn(dir, 'rubric.yaml');
    if (rubric) writeFileSync(rubricFile, rubric);
    return { input, db: pathIn(dir, 'cxqa.db'), rubric: rubricFile };
  }

  it('rubric check lists the criteria the offline judge will not score', async () => {
    const { rubric } = files([], CUSTOM);
    const res = await runCli(['rubric', 'check', rubric]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('offline judge: will not score 1 of 2 judged criteria (N/A with OFFLINE_UNSUPPORTED on every transcript');
    expect(res.stdout).toContain('  - greeting: the offline judge has no signal "greeting"');
    expect(res.stdout).not.toContain('  - tone:');
    const shipped = await runCli(['rubric', 'check', 'rubrics/support-qa.yaml']);
    expect(shipped.stdout).toContain('offline judge: scores all 7 judged criteria');
  });

  it('a custom criterion without a signal is N/A OFFLINE_UNSUPPORTED (not failed by sarcasm), and the run exits 0, not 3', async () => {
    const { input, db, rubric } = files([sarcastic], CUSTOM);
    const res = await runCli(['score', '-i', input, '-r', rubric, '--judge', 'offline', '--db', db, '--json']);
    expect(res.code).toBe(0);
    const summary = JSON.parse(res.stdout) as Summary;
    expect(summary.transcripts).toMatchObject({ scored: 1, partial: 0, failed: 0 });
    expect(summary.criteria['greeting']).toMatchObject({ n: 0, na: 1, errors: 0 });
    expect(summary.declined).toEqual({ OFFLINE_UNSUPPORTED: { conversations: 1, criteria: ['greeting'] } });
    const text = await runCli(['score', '-i', input, '-r', rubric, '--judge', 'offline', '--db', db]);
    expect(text.stdout).toContain('not scored by the offline judge: greeting (OFFLINE_UNSUPPORTED, N/A in 1 conversation');

    const [record] = (await runCli(['export', '--db', db, '--format', 'jsonl'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { status: string; qa_score: number | null; criteria: Record<string, unknown> });
    expect(record!.status).toBe('scored');
    expect(record!.qa_score).toBeNull();
    expect(record!.criteria['greeting']).toMatchObject({ value: null, na: true, na_code: 'OFFLINE_UNSUPPORTED', error: null });
    expect(record!.criteria['tone']).not.toHaveProperty('na_code');
  });

  it('a Spanish conversation: judged criteria N/A OFFLINE_LANGUAGE, rules checked, no QA score, counted in the summary', async () => {
    const { input, db } = files([spanish, sarcastic]);
    const res = await runCli(['score', '-i', input, '-r', 'rubrics/support-qa.yaml', '--judge', 'offline', '--db', db, '--json']);
    expect(res.code).toBe(0);
    const summary = JSON.parse(res.stdout) as Summary;
    expect(summary.declined).toEqual({
      OFFLINE_LANGUAGE: { conversations: 1, criteria: ['accuracy', 'actionability', 'auto_csat', 'handoff_quality', 'policy_compliance', 'resolution', 'tone'] },
    });
    expect(summary.criteria['tone']).toMatchObject({ n: 1, na: 1, errors: 0 });
    expect(summary.transcripts).toMatchObject({ scored: 2, partial: 0 });
    const text = await runCli(['score', '-i', input, '-r', 'rubrics/support-qa.yaml', '--judge', 'offline', '--db', db]);
    expect(text.stdout).toContain('not in English: 1 conversation (OFFLINE_LANGUAGE)');

    const csv = parse((await runCli(['export', '--db', db, '--format', 'csv'])).stdout, { columns: true }) as Record<string, string>[];
    const es = csv.filter((r) => r['transcript_id'] === 'es-1');
    expect(es.find((r) => r['criterion'] === 'tone')).toMatchObject({ value: '', na: 'true', error_code: '', na_code: 'OFFLINE_LANGUAGE', qa_score: '' });
    expect(es.find((r) => r['criterion'] === 'recording_disclosure')).toMatchObject({ value: 'pass', na: 'false', na_code: '' });

    // In the store: an N/A with a code (na = 1, error_code NULL) is told apart from a judging failure (na = 0, error_code set).
    const handle = openDatabase(db);
    try {
      const rows = handle.prepare(`SELECT na, error_code, na_code, value_json FROM criterion_results WHERE criterion_id = 'tone' ORDER BY na_code`).all();
      expect(rows).toEqual([
        { na: 0, error_code: null, na_code: null, value_json: expect.stringMatching(/^\d$/) },
        { na: 1, error_code: null, na_code: 'OFFLINE_LANGUAGE', value_json: 'null' },
      ]);
    } finally {
      handle.close();
    }
    const audit = await runCli(['audit', 'es-1', '--db', db]);
    expect(audit.stdout).toContain('tone [scale] = N/A OFFLINE_LANGUAGE');
  });
});
