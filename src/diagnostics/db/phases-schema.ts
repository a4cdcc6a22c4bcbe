/**
 * The schema phase: what the file declares (`catalog.ts`), the expressions SQLite's checks will
 * evaluate (`expressions.ts`), and which system's database it is (`profile.ts`). The profile
 * depends on the schema alone, so it is known before any check of the data runs.
 */
import { readCatalog } from './catalog.ts';
import { classifyError, localRunner } from './engine.ts';
import { schemaExpressions } from './expressions.ts';
import { foreignKeyPhase } from './foreign-keys.ts';
import { checkProfile, detectProfile } from './profile.ts';
import type { CheckState } from './state.ts';

export function schemaPhase(state: CheckState): void {
  try {
    state.catalog = readCatalog(state.db!);
  } catch (error) {
    // SQLite's own checks read the schema too, and give their verdict on it.
    state.catalogError = classifyError(error);
    return;
  }
  state.expressions = schemaExpressions(state.catalog);
  const chosen = state.options.profile;
  if (chosen !== undefined) {
    state.profile = state.deps.registry.dbProfiles.find((p) => p.id === chosen);
    state.profileSource = 'chosen';
    return;
  }
  const detection = detectProfile(state.deps.registry.dbProfiles, state.catalog, state.name);
  if (detection) {
    state.detection = detection;
    state.profile = detection.profile;
    state.profileSource = 'detected';
  }
}

/** Foreign keys and free pages: skipped when SQLite could not check the file at all. */
export function foreignKeysPhase(state: CheckState): void {
  if (!state.catalog || state.integrity === 'unreadable') return;
  const fk = foreignKeyPhase(localRunner(state.db!), state.catalog, state.header, state.name);
  state.checks.foreignKeyCheck = fk.state;
  state.findings.foreignKeys.push(...fk.findings);
}

/** The profile's tables, columns, indexes, data checks, vectors and migrations. */
export function profilePhase(state: CheckState): void {
  if (!state.profile || !state.catalog || state.integrity === 'unreadable') return;
  state.findings.profile.push(...checkProfile(localRunner(state.db!), state.catalog, state.profile, {
    fileName: state.name,
    userVersion: state.header?.userVersion,
  }));
}
