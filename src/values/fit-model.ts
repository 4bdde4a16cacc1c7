import { z } from 'zod';

const numbers = z.array(z.number());
/** A fitted model as stored (`judge_fits.model_json`): small, plain numbers, readable. */
export const fitModelSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    /** Offline judge, scale criterion: ridge regression on the signals, cut points chosen for agreement on the training labels. */
    kind: z.literal('offline-linear'),
    feature_set: z.number().int(),
    features: z.array(z.string()),
    mean: numbers,
    sd: numbers,
    weights: numbers,
    intercept: z.number(),
    levels: numbers,
    /** ±1e9 stands for a level nobody in the training data was given (no score reaches it). */
    cuts: numbers,
    lambda: z.number(),
  }),
  z.strictObject({
    /** Offline judge, category criterion: class-balanced multinomial logistic regression on the signals. */
    kind: z.literal('offline-logistic'),
    feature_set: z.number().int(),
    features: z.array(z.string()),
    mean: numbers,
    sd: numbers,
    labels: z.array(z.string()),
    weights: z.array(numbers),
    intercepts: numbers,
    lambda: z.number(),
  }),
  z.strictObject({
    /** Any judge, scale criterion: isotonic map from the judge's value to the mean human label, rounded half up. */
    kind: z.literal('isotonic'),
    points: z.array(z.strictObject({ x: z.number(), y: z.number() })),
    min: z.number(),
    max: z.number(),
  }),
  z.strictObject({
    /** Any judge, category criterion: each judge label → the reference label people gave most often with it. */
    kind: z.literal('relabel'),
    map: z.record(z.string(), z.string()),
  }),
]);
export type FitModel = z.infer<typeof fitModelSchema>;
export type FitKind = FitModel['kind'];
