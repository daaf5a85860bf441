import { conjoin } from '../../license/conjoin.js';
import type { ComponentLicenses, LicenseStatement } from '../../model/index.js';
import { arr, obj, type ReaderContext, str } from '../reader-context.js';

/**
 * A CycloneDX `licenses` array (`[{license: {id | name}} | {expression}]`) as declared and
 * concluded statements. `acknowledgement` (1.6) says which; without it an entry is what the
 * component's authors declare.
 */
export function readCycloneDxLicenses(value: unknown, context: ReaderContext): ComponentLicenses | undefined {
  const entries = arr(value);
  if (entries.length === 0) return undefined;
  let declared: LicenseStatement[] | undefined;
  let concluded: LicenseStatement[] | undefined;
  for (let i = 0; i < entries.length; i++) {
    const read = readEntry(entries[i], context);
    if (read === undefined) continue;
    if (read.concluded)
      concluded = concluded === undefined ? [read.statement] : [...concluded, read.statement];
    else declared = declared === undefined ? [read.statement] : [...declared, read.statement];
  }
  const out: ComponentLicenses = {};
  const declaredStatement = declared && conjoin(declared);
  if (declaredStatement !== undefined) out.declared = declaredStatement;
  const concludedStatement = concluded && conjoin(concluded);
  if (concludedStatement !== undefined) out.concluded = concludedStatement;
  return out.declared !== undefined || out.concluded !== undefined ? out : undefined;
}

/** One `licenses` entry: its statement, and whether it is acknowledged as concluded. */
function readEntry(
  entry: unknown,
  context: ReaderContext,
): { statement: LicenseStatement; concluded: boolean } | undefined {
  const choice = obj(entry);
  if (choice === undefined) return undefined;
  const license = obj(choice.license);
  const acknowledgement = str(license?.acknowledgement ?? choice.acknowledgement);
  let statement: LicenseStatement | undefined;
  const expression = str(choice.expression);
  if (expression !== undefined) statement = context.license(expression);
  else if (license !== undefined) {
    const text = str(license.id) ?? str(license.name);
    if (text === undefined) context.warn('a license entry has neither id nor name; skipped');
    else statement = context.license(text);
  }
  if (statement === undefined) return undefined;
  if (acknowledgement !== undefined && acknowledgement !== 'declared' && acknowledgement !== 'concluded')
    context.warn(
      `license acknowledgement "${acknowledgement}" is not declared or concluded; read as declared`,
    );
  return { statement, concluded: acknowledgement === 'concluded' };
}
