import { SbomError } from '../errors.js';
import type { DirectoryEntry, Location, Resolver } from './resolver.js';

/**
 * A Resolver over files held in memory (`path → text`): for parsers run on data that is not on
 * disk, such as a lockfile read from an SBOM attestation, and for tests of pure parsing.
 */
export class MemoryResolver implements Resolver {
  readonly description: string;
  private readonly files: Map<string, string>;

  constructor(files: Record<string, string>, description = 'memory') {
    this.files = new Map(Object.entries(files));
    this.description = description;
  }

  async paths(): Promise<string[]> {
    return [...this.files.keys()].sort();
  }

  async readText(path: string): Promise<string> {
    const text = this.files.get(path);
    if (text === undefined)
      throw new SbomError('UNREADABLE_INPUT', 'input', `${this.displayPath(path)}: no such file`, {
        input: path,
      });
    return text;
  }

  async tryReadText(path: string): Promise<string | undefined> {
    return this.files.get(path);
  }

  async list(path: string): Promise<DirectoryEntry[] | undefined> {
    const prefix = path === '' ? '' : `${path}/`;
    const entries = new Map<string, boolean>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const slash = rest.indexOf('/');
      entries.set(slash < 0 ? rest : rest.slice(0, slash), slash >= 0);
    }
    if (entries.size === 0) return undefined;
    return [...entries].map(([name, directory]) => ({ name, directory }));
  }

  location(path: string): Location {
    return { path };
  }

  displayPath(path: string): string {
    return path;
  }
}
