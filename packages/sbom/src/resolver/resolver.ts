/**
 * Where catalogers read files from. A cataloger never knows whether it scans a directory or a
 * flattened image (syft's file resolvers): it asks a Resolver for paths and contents.
 */

/** A file a cataloger read, as evidence names it. */
export interface Location {
  /** Path relative to the resolver's root, `/`-separated, without a leading `./`. */
  path: string;
  /** Layer digest (`sha256:…`) for files read from an image. */
  layer?: string;
}

/** One entry of a directory listing. */
export interface DirectoryEntry {
  name: string;
  directory: boolean;
}

/** Read access to a tree of files (a directory, a flattened image). */
export interface Resolver {
  /** What the resolver reads, for messages (`/src/app`, `docker.io/library/node:22`). */
  readonly description: string;
  /**
   * Every file path the scan considers, relative and sorted, with the resolver's exclusions
   * (skipped folders, exclude globs) already applied.
   */
  paths(): Promise<string[]>;
  /** The text of a file; rejects with an SbomError (UNREADABLE_INPUT) when it cannot be read. */
  readText(path: string): Promise<string>;
  /** The text of a file, or undefined when it does not exist or cannot be read. */
  tryReadText(path: string): Promise<string | undefined>;
  /** The entries of a folder (exclusions do not apply), or undefined when it is not one. */
  list(path: string): Promise<DirectoryEntry[] | undefined>;
  /** The location of a path, for evidence. */
  location(path: string): Location;
  /** A path as messages show it to the user (the directory joined in, the image named). */
  displayPath(path: string): string;
}

/** The folder part of a relative path (`''` for a file at the root). */
export function dirnameOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Joins relative path parts with `/`, dropping empty parts and resolving `.` and `..`. */
export function joinPath(...parts: string[]): string {
  const out: string[] = [];
  for (const part of parts) {
    for (const segment of part.split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') out.pop();
      else out.push(segment);
    }
  }
  return out.join('/');
}
