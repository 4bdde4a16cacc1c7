import { isAlias, visit, type Document, type LineCounter } from 'yaml';

/**
 * Aliases a YAML file may resolve in all (each counted every time it is expanded). A "billion laughs" file
 * nests aliases of aliases so a few lines expand to gigabytes; real rubrics and configs use a handful.
 */
export const MAX_YAML_ALIASES = 100;

/** The document as plain data, or why not (an alias bomb: too many aliases to expand), with the line of the first alias. */
export function yamlValue(doc: Document, lines: LineCounter): { ok: true; value: unknown } | { ok: false; line: number; message: string } {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    let line = 1;
    visit(doc, {
      Alias(_key, node) {
        if (isAlias(node) && node.range) line = lines.linePos(node.range[0]).line;
        return visit.BREAK;
      },
    });
    return {
      ok: false,
      line,
      message: `YAML aliases expand too far (more than ${MAX_YAML_ALIASES} alias expansions, as in an alias bomb): ${err.message}`,
    };
  }
}
