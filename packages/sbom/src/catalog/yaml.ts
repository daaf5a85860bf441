import { OutsideSubset, parseBlockYaml, splitYamlDocuments } from './block-yaml.js';
import { lastLine, lineAt, malformed } from './syntax.js';

/**
 * Parses a YAML lockfile (pnpm, yarn Berry), reporting errors with their line: first with the
 * fast reader of the subset lockfiles use, then, when the file strays outside it, with the `yaml`
 * library, imported here on first use so that most scans never load it.
 */
export async function parseYamlLockfile(text: string, file: string): Promise<unknown> {
  assertComplete(text, file);
  const documents = splitYamlDocuments(text);
  try {
    return parseBlockYaml(documents[documents.length - 1] ?? '');
  } catch (error) {
    if (!(error instanceof OutsideSubset)) throw error;
  }
  const { parseAllDocuments, YAMLError } = await import('./yaml-library.js');
  try {
    const parsed = parseAllDocuments(text, { prettyErrors: false });
    const all = Array.isArray(parsed) ? parsed : [parsed];
    for (const document of all) if (document.errors[0] !== undefined) throw document.errors[0];
    // The project's lockfile is the last document (see splitYamlDocuments).
    return all[all.length - 1]?.toJS() ?? null;
  } catch (cause) {
    if (cause instanceof YAMLError) {
      const line =
        cause.linePos?.[0]?.line ?? (cause.pos !== undefined ? lineAt(text, cause.pos[0]) : undefined);
      const reason = cause.message.split('\n')[0] ?? cause.message;
      throw malformed(file, `invalid YAML: ${reason}`, line);
    }
    throw cause;
  }
}

/**
 * Package managers end every lockfile with a newline; a file that does not was cut short (a
 * truncated YAML or yarn file often still parses, so the parse alone cannot tell).
 */
export function assertComplete(text: string, file: string): void {
  if (text.trim() === '') throw malformed(file, 'empty lockfile', 1);
  if (!text.endsWith('\n'))
    throw malformed(file, 'truncated (the file does not end with a newline)', lastLine(text));
}
