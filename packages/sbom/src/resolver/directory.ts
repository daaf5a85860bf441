import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import picomatch from 'picomatch';
import { SbomError } from '../errors.js';
import type { DirectoryEntry, Location, Resolver } from './resolver.js';

/** How a directory is walked. */
export interface DirectoryResolverOptions {
  /** Globs (picomatch, relative to the root) of files and folders to leave out. */
  exclude?: string[];
  /** Walk into `node_modules` folders too (they are skipped by default). */
  includeNodeModules?: boolean;
}

/** Folders no scan walks into: VCS metadata. `node_modules` is skipped unless asked. */
const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn']);

/** A Resolver over a directory on disk. */
export class DirectoryResolver implements Resolver {
  readonly description: string;
  readonly root: string;
  private readonly excluded: (path: string) => boolean;
  private readonly includeNodeModules: boolean;
  private walked: Promise<string[]> | undefined;

  constructor(root: string, options: DirectoryResolverOptions = {}) {
    this.root = root;
    this.description = root;
    const globs = options.exclude ?? [];
    const matcher = globs.length > 0 ? picomatch(globs, { dot: true }) : undefined;
    this.excluded = matcher === undefined ? () => false : matcher;
    this.includeNodeModules = options.includeNodeModules ?? false;
  }

  /** Checks that the root is a readable directory, with an input error naming it otherwise. */
  async check(): Promise<void> {
    let isDirectory = false;
    try {
      isDirectory = (await stat(this.root)).isDirectory();
    } catch (cause) {
      throw new SbomError('NOT_A_DIRECTORY', 'input', `${this.root}: no such directory`, {
        input: this.root,
        hint: 'give the folder of a project to scan',
        cause,
      });
    }
    if (!isDirectory)
      throw new SbomError('NOT_A_DIRECTORY', 'input', `${this.root}: not a directory`, {
        input: this.root,
        hint: 'give the folder of a project to scan, not a file',
      });
  }

  paths(): Promise<string[]> {
    this.walked ??= this.walk('').then((paths) => paths.sort());
    return this.walked;
  }

  private async walk(relative: string): Promise<string[]> {
    let entries: Dirent[];
    try {
      entries = await readdir(relative === '' ? this.root : join(this.root, relative), {
        withFileTypes: true,
      });
    } catch {
      return [];
    }
    const files: string[] = [];
    const folders: Promise<string[]>[] = [];
    for (const entry of entries) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (this.excluded(path)) continue;
      // Symbolic links to folders are not followed: pnpm's node_modules is made of them, and
      // following them would visit packages twice or loop.
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(entry.name)) continue;
        if (entry.name === 'node_modules' && !this.includeNodeModules) continue;
        folders.push(this.walk(path));
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        files.push(path);
      }
    }
    for (const nested of await Promise.all(folders)) files.push(...nested);
    return files;
  }

  async readText(path: string): Promise<string> {
    try {
      return await readFile(join(this.root, path), 'utf8');
    } catch (cause) {
      const reason = (cause as NodeJS.ErrnoException).code ?? String(cause);
      throw new SbomError('UNREADABLE_INPUT', 'input', `${join(this.root, path)}: cannot read (${reason})`, {
        input: join(this.root, path),
        hint: 'check that the file exists and is readable',
        cause,
      });
    }
  }

  async tryReadText(path: string): Promise<string | undefined> {
    try {
      return await readFile(join(this.root, path), 'utf8');
    } catch {
      return undefined;
    }
  }

  async list(path: string): Promise<DirectoryEntry[] | undefined> {
    const folder = path === '' ? this.root : join(this.root, path);
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return undefined;
    }
    return Promise.all(
      entries.map(async (e) => {
        // A link's kind is its target's (pnpm and npm link workspace packages into node_modules).
        const directory = e.isSymbolicLink()
          ? await stat(join(folder, e.name)).then(
              (s) => s.isDirectory(),
              () => false,
            )
          : e.isDirectory();
        return { name: e.name, directory };
      }),
    );
  }

  location(path: string): Location {
    return { path };
  }

  displayPath(path: string): string {
    return join(this.root, path);
  }

  /** The name of the root folder, for a root component with no manifest. */
  get rootName(): string {
    return basename(this.root);
  }
}
