import { ImportError } from './import-error.js';

/** One parsed line of a USS dialogue file. */
export interface UssLine {
  line: number;
  role: 'USER' | 'SYSTEM';
  text: string;
  /** Dialogue act, `undefined` when the ACTION field is empty. */
  act: string | undefined;
  /** One rating (1–5) per annotator, in file order; `undefined` when RATINGS is empty. */
  ratings: number[] | undefined;
  /** True for the dialogue-level `USER \t OVERALL` line. */
  overall: boolean;
}

/** The four TAB-separated fields of a USS line, as named in error messages. */
export const USS_FIELDS = ['role', 'text', 'action', 'ratings'] as const;

/**
 * Parses `ROLE \t TEXT \t ACTION \t RATINGS`. Trailing empty fields may be missing (2–4 fields);
 * more than 4 fields is an error, since a TAB inside TEXT would make the split ambiguous.
 * @throws ImportError `USS_FIELDS`, `USS_ROLE`, `USS_RATINGS`
 */
export function parseUssLine(raw: string, file: string, line: number): UssLine {
  const fields = raw.split('\t');
  if (fields.length < 2 || fields.length > 4) {
    throw new ImportError('USS_FIELDS', file, line, fields.length > 4 ? 'text' : 'role', `expected 4 TAB-separated fields (ROLE, TEXT, ACTION, RATINGS), got ${fields.length}`);
  }
  const [roleRaw = '', text = '', actRaw = '', ratingsRaw = ''] = fields;
  const role = roleRaw.trim();
  if (role !== 'USER' && role !== 'SYSTEM') {
    throw new ImportError('USS_ROLE', file, line, 'role', `expected USER or SYSTEM, got ${JSON.stringify(role.slice(0, 40))}`);
  }
  const ratings = parseRatings(ratingsRaw, file, line);
  if (role === 'SYSTEM' && ratings) throw new ImportError('USS_RATINGS', file, line, 'ratings', 'ratings are only allowed on USER lines');
  const act = actRaw.trim();
  return { line, role, text: text.trim(), act: act || undefined, ratings, overall: role === 'USER' && text.trim() === 'OVERALL' };
}

function parseRatings(raw: string, file: string, line: number): number[] | undefined {
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  return trimmed.split(',').map((part) => {
    const value = part.trim();
    if (!/^[1-5]$/.test(value)) {
      throw new ImportError('USS_RATINGS', file, line, 'ratings', `expected comma-separated ratings 1–5, got ${JSON.stringify(trimmed.slice(0, 40))}`);
    }
    return Number(value);
  });
}
