import { z } from 'zod';
import { transcriptSchema } from '../../transcript/schema.js';

/**
 * One rater's value for one criterion: a number (scale, or a binary 0/1), a string (a category id,
 * `pass`/`fail`) or `null` (the rater marked the criterion not applicable).
 */
export const labelValueSchema = z.union([z.number(), z.string(), z.null()]);
export type LabelValue = z.infer<typeof labelValueSchema>;

/** The labels one rater gave one transcript, keyed by rubric criterion id. At least one label. */
export const humanLabelSchema = z.strictObject({
  rater: z.string().min(1),
  labels: z
    .record(z.string().min(1), labelValueSchema)
    .refine((labels) => Object.keys(labels).length > 0, 'a rater needs at least one label'),
});
export type HumanLabel = z.infer<typeof humanLabelSchema>;

/**
 * One line of an eval set: a canonical transcript plus the labels of one or more human raters.
 * Rater names are unique within a line. Reference labels (majority / median) are derived later by the
 * calibration code from `src/calibrate/stats/`, never stored here.
 */
export const evalItemSchema = transcriptSchema.extend({
  human_labels: z
    .array(humanLabelSchema)
    .min(1, 'an eval item needs at least one rater in human_labels')
    .superRefine((raters, ctx) => {
      const seen = new Set<string>();
      raters.forEach((r, i) => {
        if (seen.has(r.rater)) ctx.addIssue({ code: 'custom', path: [i, 'rater'], message: `rater "${r.rater}" appears more than once` });
        seen.add(r.rater);
      });
    }),
});
export type EvalItem = z.infer<typeof evalItemSchema>;
