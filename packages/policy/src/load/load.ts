import { readFile, realpath } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { PolicyError } from '../errors.js';
import {
  DEFAULT_SETTINGS,
  POLICY_API_VERSION,
  type Policy,
  type PolicySettings,
  type Rule,
  type Waiver,
} from '../model/policy.js';
import { type ParsedYaml, parseYaml, positionOf } from './positions.js';
import { checkMeaning, type FileIssue, type Located } from './semantics.js';
import { checkStructure } from './validate.js';

/** One policy file read and parsed, with the files it extends. */
export interface PolicyFile {
  path: string;
  text: string;
  parsed: ParsedYaml;
  /** The YAML as plain values; undefined when it does not parse. */
  value: unknown;
}

/** A problem with its place: file, 1-based line and column. */
export interface LocatedIssue {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Reads a policy file's text; an adapter so tests and other callers can supply files. */
export type ReadText = (path: string) => Promise<string>;

const readText: ReadText = (path) => readFile(path, 'utf8');

/** Formats an issue as `file:line:column: message`. */
export function formatIssue(issue: LocatedIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`;
}

async function readPolicyFile(path: string, read: ReadText): Promise<PolicyFile> {
  let text: string;
  try {
    text = await read(path);
  } catch (error) {
    throw new PolicyError(
      'POLICY_NOT_FOUND',
      'input',
      `cannot read policy ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      {
        input: path,
        hint: 'pass the policy file with --policy',
      },
    );
  }
  const parsed = parseYaml(text);
  const first = parsed.doc.errors[0];
  if (first !== undefined) {
    const { line, col } = parsed.lines.linePos(first.pos[0]);
    const message = first.message.split('\n')[0] ?? first.message;
    throw new PolicyError('POLICY_SYNTAX', 'input', `${path}:${line}:${col}: YAML syntax error: ${message}`, {
      input: path,
      line,
    });
  }
  return { path, text, parsed, value: parsed.doc.toJS() };
}

function locate(
  file: PolicyFile,
  issue: { path: (string | number)[]; message: string; atKey?: boolean },
): LocatedIssue {
  const { line, column } = positionOf(file.parsed, issue.path, issue.atKey === true);
  return { file: file.path, line, column, message: issue.message };
}

/** What loading found: the merged policy, or the issues that stop it. */
export interface LoadOutcome {
  policy?: Policy;
  issues: LocatedIssue[];
  files: PolicyFile[];
}

function extendsOf(value: unknown): string[] {
  const ext = (value as { extends?: unknown } | undefined)?.extends;
  if (typeof ext === 'string') return [ext];
  return Array.isArray(ext) ? ext.filter((e): e is string => typeof e === 'string') : [];
}

/**
 * Loads a policy and what it extends, checking structure and meaning, and collects every issue
 * with its place (what `policy lint` prints). Extended files load first; settings of the
 * extending file override theirs key by key, its rules replace theirs of the same id, waivers add up.
 */
export async function loadPolicyWithIssues(path: string, read: ReadText = readText): Promise<LoadOutcome> {
  const files: PolicyFile[] = [];
  const issues: LocatedIssue[] = [];
  const rules = new Map<string, Located<Rule>>();
  const waivers: Located<Waiver>[] = [];
  let settings: Partial<PolicySettings> = {};
  let apiVersion = POLICY_API_VERSION;

  const visit = async (file: string, chain: string[]): Promise<void> => {
    const real = await realpath(file).catch(() => resolve(file));
    if (chain.includes(real)) {
      throw new PolicyError(
        'POLICY_EXTENDS_CYCLE',
        'input',
        `policy ${file} extends itself: ${[...chain, real].join(' -> ')}`,
        {
          input: file,
          hint: 'remove one of the extends entries',
        },
      );
    }
    const policyFile = await readPolicyFile(file, read);
    files.push(policyFile);
    for (const base of extendsOf(policyFile.value))
      await visit(resolve(dirname(file), base), [...chain, real]);
    const structural = checkStructure(policyFile.value);
    issues.push(...structural.map((issue) => locate(policyFile, issue)));
    if (structural.length > 0) return;
    const value = policyFile.value as {
      apiVersion: string;
      settings?: Partial<PolicySettings>;
      rules?: Rule[];
      waivers?: Waiver[];
    };
    if (value.apiVersion !== POLICY_API_VERSION) {
      issues.push(
        locate(policyFile, {
          path: ['apiVersion'],
          message: `apiVersion "${value.apiVersion}" is not ${POLICY_API_VERSION}`,
        }),
      );
    }
    apiVersion = value.apiVersion;
    settings = { ...settings, ...(value.settings ?? {}) };
    (value.rules ?? []).forEach((rule, i) => {
      rules.delete(rule.id);
      rules.set(rule.id, {
        value: { ...rule, mode: rule.mode ?? 'enforce' },
        file: policyFile.path,
        path: ['rules', i],
      });
    });
    (value.waivers ?? []).forEach((waiver, i) => {
      const line = positionOf(policyFile.parsed, ['waivers', i]).line;
      waivers.push({
        value: { ...waiver, source: { file: policyFile.path, line } },
        file: policyFile.path,
        path: ['waivers', i],
      });
    });
  };
  await visit(path, []);

  const byFile = new Map(files.map((f) => [f.path, f]));
  const meaning: FileIssue[] = checkMeaning([...rules.values()], waivers);
  for (const issue of meaning) issues.push(locate(byFile.get(issue.file) as PolicyFile, issue));
  const outcome: LoadOutcome = { issues, files };
  if (issues.length === 0) {
    outcome.policy = {
      apiVersion,
      settings: { ...DEFAULT_SETTINGS, ...settings },
      rules: [...rules.values()].map((r) => r.value),
      waivers: waivers.map((w) => w.value),
      files: files.map((f) => f.path),
    };
  }
  return outcome;
}

/** Loads a policy for evaluation; any issue is a PolicyError naming the first (file:line:column). */
export async function loadPolicy(path: string, read: ReadText = readText): Promise<Policy> {
  const outcome = await loadPolicyWithIssues(path, read);
  const first = outcome.issues[0];
  if (outcome.policy === undefined || first !== undefined) {
    const more = outcome.issues.length > 1 ? ` (and ${outcome.issues.length - 1} more)` : '';
    throw new PolicyError(
      'POLICY_INVALID',
      'input',
      `${first !== undefined ? formatIssue(first) : path}${more}`,
      {
        input: path,
        hint: 'run custody policy lint for every problem',
      },
    );
  }
  return outcome.policy;
}
