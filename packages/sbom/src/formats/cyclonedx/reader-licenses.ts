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
  // Indexed, and no object per entry: this runs once per component (see reader.ts).
  for (let i = 0; i < entries.length; i++) {
    const statement = readEntry(entries[i], context);
    if (statement === undefined) continue;
    if (entryConcluded) concluded = concluded === undefined ? [statement] : [...concluded, statement];
    else declared = declared === undefined ? [statement] : [...declared, statement];
  }
  const out: ComponentLicenses = {};
  const declaredStatement = declared && conjoin(declared);
  if (declaredStatement !== undefined) out.declared = declaredStatement;
  const concludedStatement = concluded && conjoin(concluded);
  if (concludedStatement !== undefined) out.concluded = concludedStatement;
  return out.declared !== undefined || out.concluded !== undefined ? out : undefined;
}

/** Whether the entry `readEntry` read last is acknowledged as concluded. */
let entryConcluded = false;

/** One `licenses` entry's statement; `entryConcluded` says whether it is acknowledged as concluded. */
function readEntry(entry: unknown, context: ReaderContext): LicenseStatement | undefined {
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
  entryConcluded = acknowledgement === 'concluded';
  return statement;
}
