import { describe, expect, it } from 'vitest';
import { computeKpis, emptyBucketRow, headline } from '../../src/report/page/kpis.js';

describe('the repeat-contact window in the KPI label and the headline', () => {
  const none = { violating: 0, verdicts: 0, verdict_errors: 0 };
  const cur = { ...emptyBucketRow('cur', ''), n: 10, repeat_contact: 2, bot_contained: 5, bot_true_resolved: 2 };

  it('names the window the figures were computed with (--window-hours), not always 72 h', () => {
    const label = (h: number) => computeKpis(cur, emptyBucketRow('prev', ''), none, none, h).find((k) => k.id === 'repeat_contact')!.label;
    expect(label(72)).toBe('Repeat contact ≤ 72 h');
    expect(label(48)).toBe('Repeat contact ≤ 48 h');
    expect(headline(cur, 48)).toContain('did not come back within 48 h');
    expect(headline(cur, 72)).toContain('truly resolved 20.0 % (resolved, and the customer did not come back within 72 h)');
  });
});
