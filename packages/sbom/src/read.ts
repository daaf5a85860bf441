import { readFile } from 'node:fs/promises';
import { SbomError } from './errors.js';
import { readCycloneDx } from './formats/cyclonedx/reader.js';
import { type DetectedFormat, detectFormat, SUPPORTED_VERSIONS, sniffNonJson } from './formats/detect.js';
import { ReaderContext, type ReadOptions } from './formats/reader-context.js';
import { readSpdx2 } from './formats/spdx2/reader.js';
import { readSpdx3 } from './formats/spdx3/reader.js';
import type { Relationship, Sbom } from './model/index.js';

/** Settings of `readSbom`. */
export interface ReadSbomOptions extends Omit<ReadOptions, 'path'> {}

/** A path, or text already in memory with the path to name in messages. */
export type SbomInput = string | { text: string; path?: string };

/** The 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** JSON.parse, with a syntax error turned into an input error naming the file and line. */
function parseJson(text: string, input: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    // V8 says "… at position N" (Node 20) or "… (line L column C)" (Node 22+).
    const lineMatch = /line (\d+)/.exec(reason);
    const positionMatch = /position (\d+)/.exec(reason);
    const line = lineMatch
      ? Number(lineMatch[1])
      : positionMatch
        ? lineAt(text, Number(positionMatch[1]))
        : lineAt(text, text.length);
    const what = reason.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+.*$/, '');
    throw new SbomError('MALFORMED_SBOM', 'input', `${input}:${line}: not valid JSON: ${what}`, {
      input,
      line,
      hint: 'check that the file is complete and was not truncated',
      cause,
    });
  }
}

function unknownFormat(input: string): SbomError {
  return new SbomError(
    'UNKNOWN_SBOM_FORMAT',
    'input',
    `${input}: not an SPDX 2.2/2.3, SPDX 3.0 or CycloneDX 1.4–1.6 JSON document (no spdxVersion, bomFormat or SPDX 3 @context)`,
    { input, hint: 'pass an SPDX or CycloneDX JSON SBOM' },
  );
}

/** The relationships without repeats: generators write the same edge twice (SPDX 3 examples do). */
function distinct(relationships: Relationship[], context: ReaderContext): Relationship[] {
  const byEnds = new Map<string, Map<string, Relationship[]>>();
  const out: Relationship[] = [];
  for (const relationship of relationships) {
    let targets = byEnds.get(relationship.from);
    if (targets === undefined) {
      targets = new Map();
      byEnds.set(relationship.from, targets);
    }
    const same = targets.get(relationship.to);
    if (same === undefined) targets.set(relationship.to, [relationship]);
    else if (
      same.some((r) => r.type === relationship.type && r.dependencyKind === relationship.dependencyKind)
    )
      continue;
    else same.push(relationship);
    out.push(relationship);
  }
  if (out.length < relationships.length)
    context.warn(`${relationships.length - out.length} repeated relationships read once`);
  return out;
}

/** Reads SBOM text already in memory. Formats are recognized by content, never by file name. */
export function parseSbom(text: string, options: ReadSbomOptions & { path?: string } = {}): Sbom {
  const input = options.path ?? '<input>';
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const notJson = sniffNonJson(body);
  if (notJson !== undefined) {
    throw new SbomError('UNKNOWN_SBOM_FORMAT', 'input', `${input}: ${notJson}`, { input });
  }
  const document = parseJson(body, input);
  const format: DetectedFormat | undefined = detectFormat(document);
  if (format === undefined) throw unknownFormat(input);
  const context = new ReaderContext(options);
  if (!SUPPORTED_VERSIONS[format.kind].includes(format.specVersion)) {
    context.warn(
      `${format.kind === 'cyclonedx' ? 'CycloneDX' : 'SPDX'} ${format.specVersion || '(no version)'} is not a version custody knows (${SUPPORTED_VERSIONS[format.kind].join(', ')}); read as the nearest one`,
    );
  }
  const root = document as Record<string, unknown>;
  const sbom =
    format.kind === 'cyclonedx'
      ? readCycloneDx(root, format.specVersion, context)
      : format.kind === 'spdx2'
        ? readSpdx2(root, format.specVersion, context)
        : readSpdx3(root, context);
  if (options.path !== undefined && sbom.source !== undefined) sbom.source.path = options.path;
  // CycloneDX edges come from per-component lists, already read without repeats.
  if (format.kind !== 'cyclonedx') sbom.relationships = distinct(sbom.relationships, context);
  const definitions = context.collectDefinitions();
  if (definitions.length > 0) sbom.licenseDefinitions = definitions;
  const warnings = context.collectWarnings();
  if (warnings.length > 0) sbom.warnings = warnings;
  return sbom;
}

/**
 * Reads an SPDX 2.2/2.3 JSON, SPDX 3.0 JSON-LD or CycloneDX 1.4–1.6 JSON SBOM into the model.
 * Real-world mess is tolerated and listed in `sbom.warnings`; malformed JSON, an unreadable file
 * or an unknown format is an `SbomError` of kind `input`.
 */
export async function readSbom(input: SbomInput, options: ReadSbomOptions = {}): Promise<Sbom> {
  if (typeof input !== 'string') {
    return parseSbom(input.text, input.path !== undefined ? { ...options, path: input.path } : options);
  }
  let text: string;
  try {
    text = await readFile(input, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(cause);
    throw new SbomError('UNREADABLE_INPUT', 'input', `${input}: cannot read the SBOM: ${reason}`, {
      input,
      cause,
    });
  }
  return parseSbom(text, { ...options, path: input });
}
