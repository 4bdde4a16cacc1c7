import { describe, expect, it } from 'vitest';
import * as stats from '../../../src/calibrate/stats/index.js';
import { CxqaError } from '../../../src/error/cxqa-error.js';

describe('calibrate/stats index', () => {
  it('re-exports the public API', () => {
    const functions = [
      'cohenKappa',
      'cohenKappaFromTable',
      'kappaDisagreementWeight',
      'fleissKappa',
      'krippendorffAlpha',
      'coincidenceMatrix',
      'alphaDifference',
      'accuracy',
      'macroRecall',
      'perClass',
      'confusionMatrix',
      'meanAbsoluteError',
      'pearson',
      'spearman',
      'averageRanks',
      'bootstrapCi',
      'quantileSorted',
      'mulberry32',
      'majorityLabel',
      'medianLabel',
      'compareLabels',
      'isLabel',
    ];
    for (const name of functions) expect(typeof (stats as Record<string, unknown>)[name], name).toBe('function');
    expect(Object.keys(stats).sort()).toEqual([...functions, 'StatsError'].sort());
  });

  it('StatsError is a CxqaError carrying its code', () => {
    const err = new stats.StatsError('STATS_EMPTY', 'x: y is empty');
    expect(err).toBeInstanceOf(CxqaError);
    expect(err.name).toBe('StatsError');
    expect(err.code).toBe('STATS_EMPTY');
    expect(err.message).toBe('x: y is empty');
  });

  it('compareLabels orders numbers numerically before strings', () => {
    expect([10, 'b', 2, 'B', 'a', -1].sort(stats.compareLabels)).toEqual([-1, 2, 10, 'B', 'a', 'b']);
    expect(stats.isLabel(Number.NaN)).toBe(false);
    expect(stats.isLabel('')).toBe(true);
  });
});
