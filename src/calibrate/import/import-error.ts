import { InputError } from '../../error/cxqa-error.js';

/** Stable codes of importer problems; scripts and tests match on these. */
export type ImportErrorCode =
  /** USS: a line without the 4 TAB-separated fields ROLE, TEXT, ACTION, RATINGS. */
  | 'USS_FIELDS'
  /** USS: ROLE is not USER or SYSTEM. */
  | 'USS_ROLE'
  /** USS: RATINGS is not a comma-separated list of whole numbers 1–5 (or is on a SYSTEM line). */
  | 'USS_RATINGS'
  /** USS: the dialogue has no final `USER \t OVERALL` line, or a turn follows it. */
  | 'USS_OVERALL'
  /** USS: the dialogue has an OVERALL line but no turns. */
  | 'USS_EMPTY_DIALOGUE'
  /** AB-ReDial: a required column is missing from the header (fatal: nothing is imported). */
  | 'ABREDIAL_COLUMNS'
  /** AB-ReDial: a row cannot be read (CSV syntax) or has an empty ConvId. */
  | 'ABREDIAL_ROW'
  /** AB-ReDial: an utterance cell does not start with SYSTEM or USER. */
  | 'ABREDIAL_UTTERANCE'
  /** AB-ReDial: a label cell is not a whole number in its range. */
  | 'ABREDIAL_LABEL'
  /** AB-ReDial: a row has none of the labels the importer maps (overall, task-completion). */
  | 'ABREDIAL_NO_LABELS'
  /** Any corpus: the built item failed the eval-set schema (a bug or an odd corpus value). */
  | 'IMPORT_INVALID_ITEM';

/** A problem in a corpus file. Names file, line and field (the corpus column). */
export class ImportError extends InputError {
  declare readonly code: ImportErrorCode;

  constructor(code: ImportErrorCode, file: string, line: number | undefined, field: string | undefined, message: string) {
    super(code, { file, ...(line !== undefined ? { line } : {}), ...(field ? { field } : {}) }, message);
  }
}
