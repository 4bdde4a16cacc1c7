import { describe, expect, it } from 'vitest';
import type { CalibrationItem } from '../../src/calibrate/calibration-item.js';
import { criterionAgreement } from '../../src/calibrate/criterion-agreement.js';
import { loadRubricFile } from '../../src/rubric/load.js';

describe('calibration and declined N/As', () => {
  it('a judge N/A with an na_code (OFFLINE_LANGUAGE) is left out, not compared with the humans as an "N/A" label', () => {
    const handoff = loadRubricFile('rubrics/support-qa.yaml').rubric.criteria.find((c) => c.id === 'handoff_quality')!;
    const items: CalibrationItem[] = [
      { id: 'a', raters: [{ rater: 'r1', value: 'pass' }], judge: { value: 'pass', na: false, error: null } },
      { id: 'b', raters: [{ rater: 'r1', value: 'fail' }], judge: { value: null, na: true, error: null, na_code: 'OFFLINE_LANGUAGE' } },
      { id: 'c', raters: [{ rater: 'r1', value: 'na' }], judge: { value: null, na: true, error: null } },
    ];
    const a = criterionAgreement(handoff, items, { iterations: 10 });
    expect(a.n).toBe(2);
    expect(a.excluded).toEqual({ judge_error: 0, no_reference: 0, judge_na: 1 });
  });
});
