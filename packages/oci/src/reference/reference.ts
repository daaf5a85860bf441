import type { Digest } from '@custody/core';
import { OciError } from '../errors.js';

/** The registry a reference names when it names none (Docker's default). */
export const DEFAULT_REGISTRY = 'docker.io';

/** A parsed image reference: registry, repository, and a tag, a digest or both. */
export interface Reference {
  /** Registry host with optional port, e.g. `docker.io`, `127.0.0.1:5000`, `[::1]:5000`. */
  registry: string;
  /** Repository path, e.g. `library/debian`. */
  repository: string;
  tag?: string;
  digest?: Digest;
}

// The grammar of distribution/reference (reference.go, regexp.go).
const ALPHANUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|${IPV6})(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(
  `^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`,
);
const DOMAIN_ONLY = new RegExp(`^${DOMAIN}$`);
const NAME_TOTAL_LENGTH_MAX = 255;

function invalid(input: string, why: string): OciError {
  return new OciError('INVALID_REFERENCE', `invalid image reference "${input}": ${why}`, {
    input,
    hint: 'write REGISTRY/REPOSITORY[:TAG][@DIGEST], e.g. docker.io/library/debian:bookworm',
  });
}

/**
 * Splits the registry off a name as Docker does (`splitDockerDomain`): the first component is a
 * registry when it holds a `.` or a `:`, is `localhost`, or has upper case; otherwise the name is
 * on docker.io, where a one-component name lives under `library/`.
 */
function splitRegistry(name: string): { registry: string; repository: string } {
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  let registry = DEFAULT_REGISTRY;
  let repository = name;
  if (slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first)) {
    registry = first;
    repository = name.slice(slash + 1);
  }
  if (registry === 'index.docker.io') registry = DEFAULT_REGISTRY;
  if (registry === DEFAULT_REGISTRY && !repository.includes('/')) repository = `library/${repository}`;
  return { registry, repository };
}

/** Parses an image reference by the Docker reference grammar, normalizing as `docker pull` does. */
export function parseReference(input: string): Reference {
  if (input.length === 0) throw invalid(input, 'empty');
  const match = REFERENCE.exec(input);
  if (match === null) {
    if (input.toLowerCase() !== input && REFERENCE.test(input.toLowerCase())) {
      throw invalid(input, 'repository name must be lowercase');
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input))
      throw invalid(input, 'a transport prefix is not part of a reference');
    throw invalid(input, 'it does not match the reference grammar');
  }
  const [, name = '', tag, digest] = match;
  if (name.length > NAME_TOTAL_LENGTH_MAX)
    throw invalid(input, `repository name longer than ${NAME_TOTAL_LENGTH_MAX}`);
  const { registry, repository } = splitRegistry(name);
  if (!repository.split('/').every((c) => new RegExp(`^${PATH_COMPONENT}$`).test(c))) {
    throw invalid(input, 'repository name must be lowercase');
  }
  if (!DOMAIN_ONLY.test(registry)) throw invalid(input, `bad registry "${registry}"`);
  const reference: Reference = { registry, repository };
  if (tag !== undefined) reference.tag = tag;
  if (digest !== undefined) {
    if (!/^sha256:[0-9a-f]{64}$|^sha512:[0-9a-f]{128}$/.test(digest)) {
      throw invalid(input, `unsupported digest "${digest}" (sha256 or sha512, lowercase hex)`);
    }
    reference.digest = digest as Digest;
  }
  return reference;
}

/** `registry/repository` of a reference. */
export function repositoryName(reference: Reference): string {
  return `${reference.registry}/${reference.repository}`;
}

/** The canonical string of a reference (`registry/repository[:tag][@digest]`). */
export function formatReference(reference: Reference): string {
  let out = repositoryName(reference);
  if (reference.tag !== undefined) out += `:${reference.tag}`;
  if (reference.digest !== undefined) out += `@${reference.digest}`;
  return out;
}

/** What to ask a registry for: the digest when known (it pins), else the tag, else `latest`. */
export function manifestIdentifier(reference: Reference): string {
  return reference.digest ?? reference.tag ?? 'latest';
}

/** True when a tag is valid by the reference grammar. */
export function isValidTag(tag: string): boolean {
  return new RegExp(`^${TAG}$`).test(tag);
}
