import { describe, expect, it } from 'vitest';
import { OfflineJudge, judgeOffline, offlineFingerprint, resolveOfflineSignal } from '../../../src/judge/offline/offline-judge.js';
import { CSAT_WEIGHTS } from '../../../src/judge/offline/score-csat.js';
import type { JudgedCriterion } from '../../../src/rubric/schema.js';
import { convo, criterion, expectValidVerdict, judgeOne, judgeShipped, SHIPPED } from './helpers.js';

const happy = convo('c: I cannot log in to my account', 'b: I have sent a password reset link to your email.', 'c: that worked, thanks!');
const angry = convo(
  'c: my refund still has not arrived after three weeks',
  'b: Refunds are processed within 5–7 working days of receiving your return.',
  'c: as I said, it has been three weeks. let me talk to a human',
  'b: Refunds are processed within 5–7 working days of receiving your return.',
  'c: great, thanks for nothing',
  's:customer_left: Customer left the conversation',
);

const csatTen = criterion({
  id: 'likely_to_return',
  title: 'Likely to return',
  kind: 'scale',
  min: 0,
  max: 10,
  anchors: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [String(i), `level ${i}`])),
});

describe('OfflineJudge', () => {
  it('implements Judge: name, fingerprint, one verdict per criterion', async () => {
    const judge = new OfflineJudge();
    expect(judge.name).toBe('offline:v1');
    expect(judge.fingerprint).toMatch(/^offline:v1:[0-9a-f]{16}$/);
    const res = await judge.judge({ transcript: happy, transcriptHash: 'h', rubric: {} as never, rubricHash: 'r', criteria: SHIPPED });
    expect(res.verdicts.map((v) => v.criterion)).toEqual(SHIPPED.map((c) => c.id));
    expect(res.usage).toBeUndefined();
    expect(res.cost_usd).toBeUndefined();
    res.verdicts.forEach((v, i) => expectValidVerdict(happy, SHIPPED[i]!, v));
  });

  it('fingerprint covers the Auto-CSAT weights and differs from every earlier formula', () => {
    const fp = new OfflineJudge().fingerprint;
    expect(fp).toBe(offlineFingerprint());
    expect(fp).not.toBe('offline:v1:1a770f21c50c744f'); // the pre-2026-11-23 Auto-CSAT formula
    expect(fp).not.toBe('offline:v1:fed13beccb26beb8'); // revision 3 (AFINN end sentiment, no VADER, no rejections)
    expect(offlineFingerprint({ ...CSAT_WEIGHTS, gratitude: 0.5 })).not.toBe(fp);
  });

  it('rejects when the request is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const req = { transcript: happy, transcriptHash: 'h', rubric: {} as never, rubricHash: 'r', criteria: SHIPPED, signal: controller.signal };
    await expect(new OfflineJudge().judge(req)).rejects.toThrow();
  });

  it('scores the shipped rubric sensibly on a happy and an angry conversation', () => {
    const good = judgeShipped(happy);
    expect(good.resolution!.value).toBe('resolved');
    // A confirmed fix with a plain "thanks" is satisfied (4); 5 needs more, e.g. a strongly positive last message.
    expect(good.auto_csat!.value).toBe(4);
    expect(good.handoff_quality!.na).toBe(true);
    const bad = judgeShipped(angry);
    expect(bad.resolution!.value).toBe('unresolved');
    expect(bad.auto_csat!.value).toBe(1);
    expect(bad.tone!.value).toBeLessThanOrEqual(2);
  });

  it('is deterministic: same input, same output, across calls and instances', () => {
    for (const t of [happy, angry]) {
      const a = judgeOffline(t, SHIPPED);
      const b = judgeOffline(structuredClone(t), SHIPPED);
      const c = new OfflineJudge().judgeTranscript(t, SHIPPED);
      expect(b).toEqual(a);
      expect(c).toEqual(a);
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    }
  });
});

describe('signal selection', () => {
  it('resolves built-in names and aliases', () => {
    expect(resolveOfflineSignal('tone')).toBe('tone');
    expect(resolveOfflineSignal('empathy')).toBe('tone');
    expect(resolveOfflineSignal('csat')).toBe('auto_csat');
    expect(resolveOfflineSignal('satisfaction')).toBe('auto_csat');
    expect(resolveOfflineSignal('next_steps')).toBe('actionability');
    expect(resolveOfflineSignal('sentiment_of_the_moon')).toBeNull();
  });

  it('uses offline.signal over the criterion id', () => {
    const c = criterion({ id: 'warmth', title: 'Warmth', kind: 'scale', min: 1, max: 5, anchors: { 1: 'a', 2: 'b', 3: 'c', 4: 'd', 5: 'e' }, offline: { signal: 'empathy' } });
    const t = convo('c: my card was declined', "a: I'm sorry about that, let me check.");
    const v = judgeOne(t, c);
    expect(v.value).toBe(4);
    expect(v.rationale).toContain('empathy');
  });
});

describe('criteria without an offline signal: N/A with OFFLINE_UNSUPPORTED, never an unrelated signal', () => {
  const expectUnsupported = (v: ReturnType<typeof judgeOne>, detail: string) => {
    expect(v).toMatchObject({ value: null, na: true, na_code: 'OFFLINE_UNSUPPORTED', error: null, evidence: [] });
    expect(v.rationale).toContain('N/A (OFFLINE_UNSUPPORTED)');
    expect(v.rationale).toContain(detail);
  };

  it('binary: a "greeting" criterion is not failed by the customer\'s sarcasm', () => {
    const greeting = criterion({ id: 'greeting', title: 'Greeting', kind: 'binary', question: 'Did the agent greet the customer by name?' });
    expectUnsupported(judgeOne(angry, greeting), 'no signal "greeting"');
    expectUnsupported(judgeOne(happy, greeting), 'set offline.signal');
  });

  it('scale: a custom scale is not the Auto-CSAT estimate in disguise', () => {
    expectUnsupported(judgeOne(happy, csatTen), 'no signal "likely_to_return"');
    expectUnsupported(judgeOne(angry, csatTen), 'built-in signals: accuracy, policy_compliance');
  });

  it('scale: with offline.signal it is scored, built-in 1–5 levels mapped onto the custom range', () => {
    const c = criterion({ ...csatTenInput(), id: 'tone_10', offline: { signal: 'tone' } });
    const v = judgeOne(convo('c: my bill doubled!!', "a: Calm down, it's not my problem."), c);
    expect(v.value).toBe(0);
    expect(v.na_code).toBeUndefined();
    expect(v.rationale).toContain('mapped onto 0–10');
    const csat = criterion({ ...csatTenInput(), id: 'likely_to_return', offline: { signal: 'auto_csat' } });
    expect(judgeOne(convo('c: I cannot log in', 'b: I have sent a reset link.', 'c: brilliant, that worked, thank you!'), csat).value).toBe(10);
  });

  it('category: labels that are not resolution outcomes', () => {
    const c = criterion({ id: 'contact_reason', title: 'Reason', kind: 'category', labels: [{ id: 'billing' }, { id: 'technical' }, { id: 'other' }] });
    expectUnsupported(judgeOne(happy, c), 'category criterion "contact_reason"');
  });

  it('category: yes/no labels alone do not make a criterion about resolution', () => {
    const c = criterion({ id: 'upsell_offered', title: 'Upsell', kind: 'category', labels: [{ id: 'yes' }, { id: 'no' }] });
    expectUnsupported(judgeOne(happy, c), 'no signal "upsell_offered"');
  });

  it('category: resolution-like labels get the resolution outcome, mapped onto the label ids', () => {
    const c = criterion({ id: 'outcome_class', title: 'Outcome', kind: 'category', labels: [{ id: 'solved' }, { id: 'transferred' }, { id: 'open' }, { id: 'dropped' }] });
    expect(judgeOne(happy, c).value).toBe('solved');
    expect(judgeOne(angry, c).value).toBe('open');
    const left = convo('b: Hi!', 'c: my parcel is late', 'b: What is the order number?', 's:customer_left: ');
    expect(judgeOne(left, c).value).toBe('dropped');
  });

  it('category: missing outcome labels fall back (escalated → unresolved)', () => {
    const c = criterion({ id: 'resolution', title: 'Resolved?', kind: 'category', labels: [{ id: 'resolved' }, { id: 'unresolved' }] });
    const t = convo('c: my charge is wrong', "b: I'm transferring you to a colleague now.", 's:handoff: ');
    const v = judgeOne(t, c);
    expect(v.value).toBe('unresolved');
    expect(v.rationale).toContain('escalated → label "unresolved"');
  });

  it('category with a built-in level signal is unsupported, with the reason', () => {
    const c = criterion({ id: 'tone_band', title: 'Tone band', kind: 'category', labels: [{ id: 'good' }, { id: 'bad' }], offline: { signal: 'tone' } });
    expectUnsupported(judgeOne(happy, c), 'the signal gives a 1–5 level');
  });
});

describe('kind adaptation and N/A', () => {
  it('returns N/A only when the criterion allows it', () => {
    const strict = criterion({ id: 'handoff_quality', title: 'Hand-off', kind: 'binary', na: { allowed: false } });
    const v = judgeOne(happy, strict);
    expect(v.na).toBe(false);
    expect(v.value).toBe('pass');
    expect(v.rationale).toContain('does not allow N/A');
  });

  it('binary criteria on a level signal use pass_score', () => {
    const c = criterion({ id: 'courteous', title: 'Courteous', kind: 'binary', offline: { signal: 'tone' }, pass_score: 0.5 });
    expect(judgeOne(convo('c: hi, card declined', "a: I'm sorry, let me check."), c).value).toBe('pass');
    expect(judgeOne(convo('c: hi, card declined!!', 'a: Calm down.'), c).value).toBe('fail');
  });

  it('binary resolution: pass only when resolved', () => {
    const c = criterion({ id: 'fcr', title: 'First contact resolution', kind: 'binary', offline: { signal: 'resolution' } });
    expect(judgeOne(happy, c).value).toBe('pass');
    expect(judgeOne(angry, c).value).toBe('fail');
  });

  it('a rule criterion passed by mistake gets an error verdict, not an exception', () => {
    const rule = { id: 'r', kind: 'rule', na: { allowed: false, score: 'exclude' } } as unknown as JudgedCriterion;
    const [v] = judgeOffline(happy, [rule]);
    expect(v!.error?.code).toBe('OFFLINE_UNSUPPORTED');
    expect(v!.value).toBeNull();
  });
});

function csatTenInput(): Record<string, unknown> {
  return {
    id: 'x',
    title: 'X',
    kind: 'scale',
    min: 0,
    max: 10,
    anchors: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [String(i), `level ${i}`])),
  };
}
