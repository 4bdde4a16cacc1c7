import { isMap, isPair, isScalar, type Document, type LineCounter, type Node } from 'yaml';

/** Line (1-based) of the deepest node that exists along `path` in a parsed YAML document (a missing field points at its parent). */
export function lineOf(doc: Document, lines: LineCounter, path: readonly (string | number)[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as Node | undefined;
    if (node && typeof node === 'object' && 'range' in node && node.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

/** The key node `key` of the map at `path`, if there is one (to point an error at the key itself). */
export function findKeyNode(doc: Document, path: readonly (string | number)[], key: string): Node | undefined {
  const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(parent)) return undefined;
  for (const item of parent.items) {
    if (isPair(item) && isScalar(item.key) && item.key.value === key) return item.key;
  }
  return undefined;
}
