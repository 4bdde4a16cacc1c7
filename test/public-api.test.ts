import { describe, expect, it } from 'vitest';

describe("the package's public API", () => {
  it('is importable by name from the project root and exports the documented functions', async () => {
    const api = (await import('cxqa')) as Record<string, unknown>;
    for (const name of ['cohenKappa', 'fleissKappa', 'krippendorffAlpha', 'bootstrapCi', 'spearman', 'scoreRun', 'loadRubricFile', 'OfflineJudge', 'redactTranscript', 'calibrate', 'humanBaseline', 'listCalibrations', 'outcomeReport', 'selectEvaluations', 'exportRecords', 'buildReportData', 'renderReportHtml']) {
      expect(typeof api[name], name).toBe('function');
    }
    const { cohenKappa } = api as { cohenKappa: (a: number[], b: number[]) => number };
    expect(cohenKappa([1, 2, 1, 2], [1, 2, 1, 2])).toBe(1);
  });
});
