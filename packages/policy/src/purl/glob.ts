import picomatch from 'picomatch';

/**
 * The forms of a purl a glob is tried against: without qualifiers and subpath, with and without
 * its version, percent-decoded (`pkg:npm/%40babel/core` reads as `pkg:npm/@babel/core`), so that
 * `pkg:npm/@babel/*` and `pkg:npm/lodash@4.17.*` both do what they look like.
 */
export function purlForms(purl: string): string[] {
  let forms = FORMS.get(purl);
  if (forms === undefined) {
    if (FORMS.size > 100_000) FORMS.clear();
    forms = computeForms(purl);
    FORMS.set(purl, forms);
  }
  return forms;
}

// Each component's purl is matched by several rules and waivers: split it once.
const FORMS = new Map<string, string[]>();

function computeForms(purl: string): string[] {
  let text = purl;
  const query = text.indexOf('?');
  const fragment = text.indexOf('#');
  const cut = query < 0 ? fragment : fragment < 0 ? query : Math.min(query, fragment);
  if (cut >= 0) text = text.slice(0, cut);
  if (text.includes('%')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      // a malformed escape: match the purl as written
    }
  }
  // The version follows the last `@` after the name's last `/` (`@` in a scope is before it).
  const slash = text.lastIndexOf('/');
  const at = text.indexOf('@', slash + 1);
  return at >= 0 ? [text.slice(0, at), text] : [text];
}

/** A compiled purl glob (picomatch: `*` stays within one `/` segment, `**` crosses them). */
export type PurlMatcher = (purl: string) => boolean;

/** Compiles a purl glob. The pattern is percent-decoded as purls are. */
export function purlMatcher(glob: string): PurlMatcher {
  let pattern = glob.trim();
  try {
    pattern = decodeURIComponent(pattern);
  } catch {
    // keep as written
  }
  // A plain purl needs no glob engine; others compile to one RegExp, tested without
  // picomatch's per-call wrapper (the gate runs once per component and rule).
  if (!/[*?[\]{}()!+]/.test(pattern)) {
    return (purl) => purlForms(purl).includes(pattern);
  }
  const re = picomatch.makeRe(pattern, { dot: true });
  return (purl) => {
    const forms = purlForms(purl);
    for (let i = 0; i < forms.length; i++) if (re.test(forms[i] as string)) return true;
    return false;
  };
}
