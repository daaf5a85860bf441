import { formatLicenseExpression, type LicenseLeaf, type LicenseNode } from '@custody/sbom';
import { type LicenseList, leafLicenses } from './list.js';

/** Whether an allow list or a deny list is applied. */
export type ListKind = 'allow' | 'deny';

/** The verdict on one leaf, with its reason. */
export interface LeafVerdict {
  leaf: string;
  ok: boolean;
  reason: string;
}

/** The verdict on a whole expression. */
export interface ExpressionVerdict {
  ok: boolean;
  /** The OR branch chosen: the first, in written order, whose every AND leaf is ok. */
  chosenBranch?: string;
  /** Leaves not allowed (allow) or denied (deny), over every branch, when not ok. */
  offending: string[];
  leaves: LeafVerdict[];
}

const leafText = (leaf: LicenseLeaf): string => formatLicenseExpression(leaf);

/**
 * One leaf against a list. Allow: some version the leaf admits is on the list (so
 * `GPL-2.0-or-later` passes a list holding GPL-3.0-only). Deny: the leaf is denied only when every
 * version it admits is on the list (so `GPL-2.0-or-later` escapes a list denying GPL-2.0-only alone).
 */
export function judgeLeaf(
  leaf: LicenseLeaf,
  list: LicenseList,
  kind: ListKind,
  exceptionsInherit: boolean,
): LeafVerdict {
  const versions = leafLicenses(leaf);
  const held = versions.filter((id) => list.holds(id, leaf.exception, exceptionsInherit));
  const text = leafText(leaf);
  const withNote =
    leaf.exception !== undefined && !exceptionsInherit ? ` (WITH ${leaf.exception} needs its own entry)` : '';
  if (kind === 'allow') {
    if (held.length > 0) {
      const via = held[0] !== text ? ` as ${held[0]}` : '';
      return { leaf: text, ok: true, reason: `${text} is allowed${via}` };
    }
    return { leaf: text, ok: false, reason: `${text} is not on the allow list${withNote}` };
  }
  if (held.length === versions.length) {
    return {
      leaf: text,
      ok: false,
      reason: `${text} is denied${versions.length > 1 ? ' in every version it admits' : ''}`,
    };
  }
  const free = versions.filter((id) => !held.includes(id));
  const via = versions.length > 1 ? ` (may be used as ${free[0]})` : '';
  return { leaf: text, ok: true, reason: `${text} is not denied${via}` };
}

interface Choice {
  ok: boolean;
  branch: LicenseLeaf[];
  offending: LicenseLeaf[];
}

function choose(node: LicenseNode, isOk: (leaf: LicenseLeaf) => boolean): Choice {
  if (node.type === 'special') return { ok: false, branch: [], offending: [] };
  if (node.type === 'license') {
    const ok = isOk(node);
    return { ok, branch: [node], offending: ok ? [] : [node] };
  }
  const choices = node.operands.map((operand) => choose(operand, isOk));
  if (node.conjunction === 'and') {
    return {
      ok: choices.every((c) => c.ok),
      branch: choices.flatMap((c) => c.branch),
      offending: choices.flatMap((c) => c.offending),
    };
  }
  const passing = choices.find((c) => c.ok);
  if (passing !== undefined) return passing;
  return { ok: false, branch: [], offending: choices.flatMap((c) => c.offending) };
}

/**
 * An expression against a list. Allow passes when some OR branch has every AND leaf allowed; deny
 * fails only when every OR choice holds a denied leaf: both are "is there a branch whose leaves
 * are all ok", with ok meaning allowed or not denied.
 */
export function judgeExpression(
  node: LicenseNode,
  list: LicenseList,
  kind: ListKind,
  exceptionsInherit: boolean,
): ExpressionVerdict {
  const verdicts = new Map<LicenseLeaf, LeafVerdict>();
  const choice = choose(node, (leaf) => {
    const verdict = judgeLeaf(leaf, list, kind, exceptionsInherit);
    verdicts.set(leaf, verdict);
    return verdict.ok;
  });
  const result: ExpressionVerdict = {
    ok: choice.ok,
    offending: [...new Set(choice.offending.map(leafText))],
    leaves: [...verdicts.values()],
  };
  if (choice.ok) result.chosenBranch = choice.branch.map(leafText).join(' AND ');
  return result;
}
