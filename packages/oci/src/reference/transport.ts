import { OciError } from '../errors.js';
import { isValidTag, parseReference, type Reference } from './reference.js';

/** Where an image lives, spelled as containers-transports(5) spells it. */
export type ImageLocation =
  | { transport: 'docker'; reference: Reference }
  | { transport: 'oci'; path: string; tag?: string }
  | { transport: 'oci-archive'; path: string; tag?: string }
  | { transport: 'docker-archive'; path: string; reference?: Reference };

const TRANSPORTS = ['docker://', 'oci:', 'oci-archive:', 'docker-archive:'];

function invalid(input: string, why: string): OciError {
  return new OciError('INVALID_TRANSPORT', `invalid image location "${input}": ${why}`, {
    input,
    hint: `start it with one of ${TRANSPORTS.join(', ')}`,
  });
}

/**
 * Splits `PATH[:REF]` at the first colon, as containers/image does on Unix
 * (internal/image/splitPathAndImage): paths with colons cannot carry a reference.
 */
function splitPath(rest: string): { path: string; ref?: string } {
  const colon = rest.indexOf(':');
  if (colon === -1) return { path: rest };
  return { path: rest.slice(0, colon), ref: rest.slice(colon + 1) };
}

/** Parses `docker://REF`, `oci:DIR[:TAG]`, `oci-archive:FILE[:TAG]` or `docker-archive:FILE[:REF]`. */
export function parseImageLocation(input: string): ImageLocation {
  if (input.startsWith('docker://'))
    return { transport: 'docker', reference: parseReference(input.slice(9)) };
  const colon = input.indexOf(':');
  const transport = colon === -1 ? '' : input.slice(0, colon);
  const rest = input.slice(colon + 1);
  if (transport !== 'oci' && transport !== 'oci-archive' && transport !== 'docker-archive') {
    throw invalid(input, transport === '' ? 'no transport' : `unknown transport "${transport}"`);
  }
  const { path, ref } = splitPath(rest);
  if (path === '') throw invalid(input, 'empty path');
  if (transport === 'docker-archive') {
    if (ref === undefined || ref === '') return { transport, path };
    return { transport, path, reference: parseReference(ref) };
  }
  if (ref === undefined || ref === '') return { transport, path };
  if (!isValidTag(ref)) throw invalid(input, `bad tag "${ref}"`);
  return { transport, path, tag: ref };
}

/** The location as a user would write it. */
export function formatImageLocation(location: ImageLocation): string {
  switch (location.transport) {
    case 'docker': {
      const r = location.reference;
      return `docker://${r.registry}/${r.repository}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
    }
    case 'docker-archive': {
      const r = location.reference;
      return `docker-archive:${location.path}${r ? `:${r.registry}/${r.repository}:${r.tag ?? 'latest'}` : ''}`;
    }
    default:
      return `${location.transport}:${location.path}${location.tag ? `:${location.tag}` : ''}`;
  }
}
