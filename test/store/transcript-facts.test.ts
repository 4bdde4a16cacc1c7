import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { orderTranscript } from '../judge/llm/llm-fixtures.js';
import { BATCH_HARNESSES, prepareBatchWorkspace, type BatchServer } from '../run/batch/batch-harness.js';
import { conversationFacts, transcriptFacts } from '../../src/transcript/conversation-facts.js';
import type { Transcript } from '../../src/transcript/schema.js';
import { factsOfRow, type FactsRow } from '../../src/store/transcript-facts.js';
import { factsMigration } from '../../src/store/facts-migration.js';

const INPUT = 'samples/transcripts.jsonl';
const RUBRIC = 'rubrics/support-qa.yaml';
const samples = readFileSync(INPUT, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Transcript);

const score = (db: string, ...extra: string[]) => runCli(['score', '-i', INPUT, '-r', RUBRIC, '--judge', 'offline', '--db', db, '--quiet', ...extra]);

type StoredRow = FactsRow & { id: string; json: string | null };

function storedFacts(dbPath: string): Map<string, StoredRow> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const n = (db.prepare('SELECT COUNT(*) AS n FROM transcripts').get() as { n: number }).n;
    const rows = db
      .prepare(
        `SELECT t.id, COALESCE(t.body_json, t.outline_json) AS json, f.* FROM transcripts t
         JOIN transcript_facts f ON f.transcript_id = t.id AND f.content_hash = t.content_hash`,
      )
      .all() as StoredRow[];
    expect(rows.length, 'every stored transcript has its facts row').toBe(n);
    expect((db.prepare('SELECT COUNT(*) AS n FROM transcript_facts').get() as { n: number }).n).toBe(n);
    return new Map(rows.map((r) => [r.id, r]));
  } finally {
    db.close();
  }
}

/** The facts in the table are conversationFacts of each input transcript, and all the facts of what is stored of it. */
function expectFactsOfEvery(dbPath: string, transcripts: readonly Transcript[]): Map<string, StoredRow> {
  const stored = storedFacts(dbPath);
  expect(stored.size).toBe(transcripts.length);
  for (const t of transcripts) {
    const row = stored.get(t.id);
    expect(row, t.id).toBeDefined();
    const f = factsOfRow(row!);
    const { handler, handedOff, customerTurns, minutes, surveyCsat, agentId } = f;
    expect({ handler, handedOff, customerTurns, minutes, surveyCsat, agentId }, t.id).toEqual(conversationFacts(t));
    expect(f, t.id).toEqual(transcriptFacts(JSON.parse(row!.json!) as Transcript));
    expect(f.surveyCes, t.id).toBe(t.survey?.ces ?? null);
  }
  return stored;
}

describe('transcript_facts: written with every transcript stored', () => {
  const tmp = useTempDir();

  it('score (redacted body, and store.text: none from the outline), and the facts vary across the samples', async () => {
    const dir = tmp();
    const db = pathIn(dir, 'a.db');
    expect((await score(db)).code).toBe(0);
    const stored = expectFactsOfEvery(db, samples);
    // A test that cannot fail is a defect: the samples exercise every handler, hand-offs, surveys and reasons.
    const rows = [...stored.values()];
    expect(new Set(rows.map((r) => r.handler))).toEqual(new Set(['bot', 'human']));
    expect(rows.some((r) => r.handed_off === 1)).toBe(true);
    expect(rows.some((r) => r.abandoned_after_handoff === 1)).toBe(true);
    expect(rows.some((r) => r.survey_nps !== null)).toBe(true);
    expect(rows.every((r) => typeof r.reason === 'string' && r.reason.length > 0)).toBe(true);

    const config = pathIn(dir, 'cxqa.config.yaml');
    writeFileSync(config, 'store:\n  text: none\n');
    const none = pathIn(dir, 'none.db');
    expect((await score(none, '--config', config)).code).toBe(0);
    for (const row of expectFactsOfEvery(none, samples).values()) expect(row.reason).toBeNull();
  });

  it('merge: every transcript a shard adds gets its facts in the target (recomputed, not copied)', async () => {
    const dir = tmp();
    const shards = [0, 1].map((i) => pathIn(dir, `shard-${i}.db`));
    for (const [i, shard] of shards.entries()) expect((await score(shard, '--shard', `${i}/2`)).code).toBe(0);
    // A wrong row in a shard does not travel.
    const edit = new Database(shards[0]!);
    expect(edit.prepare('UPDATE transcript_facts SET customer_turns = customer_turns + 5').run().changes).toBeGreaterThan(0);
    edit.close();
    const merged = pathIn(dir, 'merged.db');
    const m = await runCli(['merge', '--into', merged, ...shards]);
    expect(m.code, m.stderr).toBe(0);
    expectFactsOfEvery(merged, samples);
  });

  it('the migration fills the table for a database stored before it, from bodies and outlines', async () => {
    const dir = tmp();
    const db = pathIn(dir, 'old.db');
    expect((await score(db)).code).toBe(0);
    // The migration's table and backfill, on a store whose transcripts have no facts yet (bodies and, once purged, outlines).
    expect((await runCli(['purge', '--db', db, '--before', '2026-11-03'])).code).toBe(0);
    const old = new Database(db);
    old.exec('DROP TABLE transcript_facts');
    old.transaction(() => {
      old.exec(factsMigration.sql);
      factsMigration.upgrade!(old);
    })();
    old.close();
    const stored = expectFactsOfEvery(db, samples);
    expect(stored.get('t-001')!.reason).toBeNull(); // purged before the backfill: from its outline
    expect(typeof stored.get('t-048')!.reason).toBe('string');
    expect((await runCli(['audit', 'verify', '--db', db])).code).toBe(0);
  });

  it('outcomes and report read the facts; without a facts row they compute the same from the body', async () => {
    const dir = tmp();
    const db = pathIn(dir, 'r.db');
    expect((await score(db)).code).toBe(0);
    const outputs = async () => {
      const outcomes = await runCli(['outcomes', '--db', db, '--json', '--as-of', '2026-12-01']);
      expect(outcomes.code, outcomes.stderr).toBe(0);
      const report = await runCli(['report', '--db', db, '--format', 'json', '--from', '2026-11-01', '--to', '2026-11-07', '--out', pathIn(dir, 'r.json')]);
      expect(report.code, report.stderr).toBe(0);
      const data = JSON.parse(readFileSync(pathIn(dir, 'r.json'), 'utf8')) as Record<string, unknown>;
      delete data['generated_at'];
      return { outcomes: JSON.parse(outcomes.stdout) as unknown, data };
    };
    const fromTable = await outputs();
    expect(JSON.stringify(fromTable.data)).toContain('helpbot-2'); // the bot names come through
    const edit = new Database(db);
    edit.prepare("DELETE FROM transcript_facts WHERE transcript_id >= 't-020'").run();
    edit.close();
    expect(await outputs()).toEqual(fromTable);
  });

  it('audit verify names a transcript whose facts were edited or removed', async () => {
    const dir = tmp();
    const db = pathIn(dir, 'v.db');
    expect((await score(db)).code).toBe(0);
    expect((await runCli(['audit', 'verify', '--db', db])).code).toBe(0);
    const edit = new Database(db);
    const seq = (edit.prepare("SELECT seq FROM transcripts WHERE id = 't-003'").get() as { seq: number }).seq;
    const turns = (edit.prepare("SELECT customer_turns AS n FROM transcript_facts WHERE transcript_id = 't-003'").get() as { n: number }).n;
    edit.prepare("UPDATE transcript_facts SET customer_turns = customer_turns + 1 WHERE transcript_id = 't-003'").run();
    edit.close();
    const tampered = await runCli(['audit', 'verify', '--db', db]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain(`audit verify failed: transcript_facts of transcript t-003 (transcripts row ${seq}) differ from its stored body: customer_turns ${turns + 1} stored, ${turns} in the transcript`);

    const removed = new Database(db);
    removed.prepare("DELETE FROM transcript_facts WHERE transcript_id IN ('t-003', 't-010')").run();
    removed.close();
    const json = await runCli(['audit', 'verify', '--db', db, '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { facts: { rows: number; problems: number; listed: { kind: string; transcript_id: string }[] }; problem: { table: string; message: string } };
    expect(report.facts).toMatchObject({ rows: samples.length, problems: 2 });
    expect(report.facts.listed.map((p) => [p.kind, p.transcript_id])).toEqual([
      ['missing', 't-003'],
      ['missing', 't-010'],
    ]);
    expect(report.problem.table).toBe('transcript_facts');
    expect(report.problem.message).toContain('transcript t-003');
    expect(report.problem.message).toContain('has no transcript_facts row (and 1 more transcripts: see --json)');
  });
});

describe.each(BATCH_HARNESSES.slice(0, 1))('transcript_facts: score --mode batch ($provider)', (h) => {
  const tempDir = useTempDir();
  let server: BatchServer | undefined;
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server?.close();
    server = undefined;
  });

  it('the transcripts a collected batch stores have their facts', async () => {
    const { input, rubricFile, dbPath } = prepareBatchWorkspace(h, tempDir);
    const transcripts = [orderTranscript(), orderTranscript([{ role: 'system', text: '', event: 'handoff' }])];
    writeFileSync(input, transcripts.map((t) => JSON.stringify(t)).join('\n') + '\n');
    server = await h.start();
    expect((await runCli(['score', '-i', input, '-r', rubricFile, '--judge', h.spec, '--base-url', server.baseURL, '--db', dbPath, '--mode', 'batch'])).code).toBe(0);
    const collected = await runCli(['batch', 'collect', '--db', dbPath, '--wait', '--poll-interval', '0.01']);
    expect(collected.code, collected.stderr).toBe(0);
    const stored = expectFactsOfEvery(dbPath, transcripts);
    expect(stored.get(transcripts[1]!.id)!.handed_off).toBe(1);
  });
});
