import { createHash } from 'node:crypto';

/** SPDX 2.3 §3.2: `SPDXRef-` followed by letters, digits, `.` and `-`. */
const NOT_IDSTRING = /[^A-Za-z0-9.-]+/g;

/** The readable part of an element id: a purl without its `pkg:` scheme, percent-decoding undone. */
function slugOf(id: string): string {
  let text = id.startsWith('pkg:') ? id.slice(4) : id;
  if (text.includes('%')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      // A malformed escape stays as written: it only feeds a slug.
    }
  }
  const slug = text.replace(NOT_IDSTRING, '-').replace(/^-+|-+$/g, '');
  return slug === '' ? 'unnamed' : slug;
}

function shortHash(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 12);
}

/**
 * SPDXIDs for element ids: `SPDXRef-<prefix>-<slug>`, where the slug is the id with every run of
 * characters SPDX forbids turned into `-`. Two ids can share a slug (`a/b` and `a-b`); every id of
 * such a group then gets a hash of the id appended, so an SPDXID never depends on which other
 * packages are in the document's order, only on which ones collide.
 */
export function spdxIdsFor(ids: readonly string[], prefix: string): Map<string, string> {
  const bySlug = new Map<string, string[]>();
  for (const id of ids) {
    const slug = `SPDXRef-${prefix}-${slugOf(id)}`;
    const group = bySlug.get(slug);
    if (group === undefined) bySlug.set(slug, [id]);
    else group.push(id);
  }
  const result = new Map<string, string>();
  for (const [slug, group] of bySlug) {
    if (group.length === 1) result.set(group[0]!, slug);
    else for (const id of group) result.set(id, `${slug}-${shortHash(id)}`);
  }
  return result;
}
