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
  const declared: LicenseStatement[] = [];
  const concluded: LicenseStatement[] = [];
  for (const entry of entries) {
    const choice = obj(entry);
    if (choice === undefined) continue;
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
    if (statement === undefined) continue;
    if (acknowledgement === 'concluded') concluded.push(statement);
    else {
      if (acknowledgement !== undefined && acknowledgement !== 'declared')
        context.warn(
          `license acknowledgement "${acknowledgement}" is not declared or concluded; read as declared`,
        );
      declared.push(statement);
    }
  }
  const out: ComponentLicenses = {};
  const declaredStatement = conjoin(declared);
  if (declaredStatement !== undefined) out.declared = declaredStatement;
  const concludedStatement = conjoin(concluded);
  if (concludedStatement !== undefined) out.concluded = concludedStatement;
  return out.declared !== undefined || out.concluded !== undefined ? out : undefined;
}
