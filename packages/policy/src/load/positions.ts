import {
  type Document,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from 'yaml';

/** A path into a policy document: keys and sequence indexes. */
export type DocPath = (string | number)[];

/** A 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** A YAML document with what is needed to point at its nodes. */
export interface ParsedYaml {
  doc: Document;
  lines: LineCounter;
}

/** Parses YAML keeping source positions. */
export function parseYaml(text: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  return { doc, lines };
}

/**
 * Where a path points: the value's node, or for a missing key the deepest node that exists. With
 * `key`, the key of the last step rather than its value (for "unknown property" errors).
 */
export function positionOf(parsed: ParsedYaml, path: DocPath, key = false): Position {
  let node: unknown = parsed.doc.contents;
  let found: Node | undefined = isNode(node) ? node : undefined;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === step);
      if (pair === undefined) break;
      if (key && i === path.length - 1 && isNode(pair.key)) {
        found = pair.key;
        break;
      }
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step];
    } else break;
    if (isNode(node)) found = node;
  }
  const offset = found?.range?.[0] ?? 0;
  const { line, col } = parsed.lines.linePos(offset);
  return { line, column: col };
}
