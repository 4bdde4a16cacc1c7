import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AuditHistory } from '../../src/report/audit-history.js';
import { judgeProvenance } from '../../src/report/audit-history.js';
import { writeGovernanceFixtures } from '../governance/governance-fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { makeTranscript, say, toJsonl } from '../helpers/transcripts.js';

const tempDir = useTempDir();

describe('cxqa audit', () => {
  it('shows the full history of one conversation across two rubric versions and a changed transcript', async () => {
    const f = writeGovernanceFixtures(tempDir());
    expect((await runCli(['score', '-i', f.input, '-r', f.v1, '-j', 'offline', '--db', f.db])).code).toBe(0);
    expect((await runCli(['score', '-i', f.input, '-r', f.v1, '-j', 'offline', '--db', f.db])).code).toBe(0); // reuse
    expect((await runCli(['score', '-i', f.input, '-r', f.v2, '-j', 'offline', '--db', f.db])).code).toBe(0);
    // The same conversation id, edited afterwards (the card number removed): a new content hash.
    writeFileSync(
      f.input,
      toJsonl([makeTranscript([say('customer', 'charged twice'), say('agent', 'Sorry about that. Anything else?')], { id: 'g-card' })]),
    );
    expect((await runCli(['score', '-i', f.input, '-r', f.v2, '-j', 'offline', '--db', f.db])).code).toBe(0);

    const r = await runCli(['audit', 'g-card', '--db', f.db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const h = JSON.parse(r.stdout) as AuditHistory;
    expect(h.transcript_id).toBe('g-card');
    expect(h.content_hashes).toHaveLength(2);
    expect(h.evaluations.map((e) => e.rubric.version)).toEqual(['1.0.0', '2.0.0', '2.0.0']);
    const [v1, v2, edited] = h.evaluations;
    expect(v1!.runs).toHaveLength(2); // evaluated once, reused by the second run
    expect(v1!.judge).toMatchObject({ name: 'offline:v1', model: null, prompt_template_hash: null });
    expect(v1!.judge.fingerprint).toMatch(/^offline:v1:/);
    expect(v1!.criteria.find((c) => c.criterion === 'no_card')).toMatchObject({
      value: 'fail',
      evidence: [{ message: 1, quote: '<CARD_1>' }], // stored as the body is (redacted); the finding keeps its masked form
    });
    expect(v1!.findings.find((x) => x.criterion_id === 'no_card')).toMatchObject({ matched_text: '4111 **** **** 1111' });
    expect(v1!.findings.map((x) => x.criterion_id)).toEqual(['no_card', 'polite', 'polite']);
    expect(v2!.findings.every((x) => x.rubric_version === '2.0.0')).toBe(true);
    expect(edited!.content_hash).not.toBe(v1!.content_hash);
    expect(edited!.findings).toEqual([]);
    expect(edited!.criteria.every((c) => c.value === 'pass')).toBe(true);
    expect(h.superseded_findings).toEqual([]);

    const text = await runCli(['audit', 'g-card', '--db', f.db]);
    expect(text.stdout).toContain('transcript g-card: 3 evaluations, 2 content versions');
    expect(text.stdout).toContain('rubric gov_test@1.0.0');
    expect(text.stdout).toContain('! finding 1 critical no_card (sensitive_data) message 1: 4111 **** **** 1111');
  });

  it('exits 2 for an unknown transcript', async () => {
    const f = writeGovernanceFixtures(tempDir());
    await runCli(['score', '-i', f.input, '-r', f.v1, '-j', 'offline', '--db', f.db]);
    const r = await runCli(['audit', 'nope', '--db', f.db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no transcript "nope"');
  });

  it('reads model and prompt template hash for model judges', () => {
    expect(judgeProvenance('openai:gpt-4.1-mini', 'abc', '{"prompt_template_hash":"p123"}')).toEqual({
      name: 'openai:gpt-4.1-mini',
      fingerprint: 'abc',
      model: 'gpt-4.1-mini',
      provider: 'openai',
      prompt_template_hash: 'p123',
    });
    expect(judgeProvenance('offline:v1', 'x', '{"prompt_template_hash":"p"}')).toMatchObject({ model: null, prompt_template_hash: null });
  });
});
