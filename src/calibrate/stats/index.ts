/** Agreement statistics for calibrating judges against human labels. Pure functions; see each file. */
export { StatsError } from './stats-error.js';
export type { StatsErrorCode } from './stats-error.js';
export { compareLabels, isLabel } from './label.js';
export type { Label } from './label.js';
export { cohenKappa, cohenKappaFromTable, kappaDisagreementWeight } from './cohen-kappa.js';
export type { CohenKappaOptions, KappaWeights } from './cohen-kappa.js';
export { fleissKappa } from './fleiss-kappa.js';
export { krippendorffAlpha, coincidenceMatrix, alphaDifference } from './krippendorff-alpha.js';
export type { KrippendorffAlphaOptions, MeasurementLevel } from './krippendorff-alpha.js';
export { accuracy, macroRecall, perClass, confusionMatrix } from './classification.js';
export type { ClassMetrics, ConfusionMatrix } from './classification.js';
export { meanAbsoluteError } from './mae.js';
export { pearson, spearman, averageRanks } from './correlation.js';
export { bootstrapCi, quantileSorted } from './bootstrap.js';
export type { BootstrapOptions, ConfidenceInterval } from './bootstrap.js';
export { mulberry32 } from './rng.js';
export { majorityLabel, medianLabel } from './reference-label.js';
