/** One `WWW-Authenticate` challenge (RFC 7235): a scheme and its parameters. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses a `WWW-Authenticate` header, e.g.
 * `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/debian:pull"`.
 * Quoted values may hold commas and escaped quotes.
 */
export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  const pattern =
    /\s*([A-Za-z][\w!#$%&'*+.^`|~-]*)(?:\s+|$)|\s*([\w!#$%&'*+.^`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/gy;
  let current: Challenge | undefined;
  let match: RegExpExecArray | null;
  // biome-ignore lint/suspicious/noAssignInExpressions: a sticky-regex tokenizer loop.
  while ((match = pattern.exec(header)) !== null) {
    if (match.index === pattern.lastIndex) break;
    if (match[2] !== undefined) {
      if (current === undefined) break;
      current.params[match[2].toLowerCase()] =
        match[3] !== undefined ? match[3].replace(/\\(.)/g, '$1') : (match[4] ?? '');
    } else if (match[1] !== undefined) {
      current = { scheme: match[1].toLowerCase(), params: {} };
      challenges.push(current);
    }
  }
  return challenges;
}
