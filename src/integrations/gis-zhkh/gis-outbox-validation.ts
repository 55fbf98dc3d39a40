import { In, type Repository } from 'typeorm';
import { buildImportAnswerRequest } from './gis-messages';
import type { GisOutbox } from './gis-outbox.entity';
import type { GisImportAction } from './gis-types';
import { XSD_INVALID } from './gis-xsd-signer';
import { summarizeXsdProblems, type GisXsdValidator } from './gis-xsd-validator';

// Only the actions are looked at: the header of a real request is built and checked with it.
const PLACEHOLDER_HEADER = {
  date: new Date(0),
  messageGuid: '00000000-0000-4000-8000-000000000000',
  orgPPAGuid: '00000000-0000-4000-8000-000000000000',
};

/**
 * The actions of a request that failed XSD validation which are invalid on their own, each with
 * its summary (elements and rules, no content): every action alone in an importAnswerRequest,
 * all validated in one xmllint run. Empty when none is: then the combination was invalid.
 */
export async function invalidActions(
  validator: GisXsdValidator,
  actions: readonly GisImportAction[],
): Promise<Map<string, string>> {
  const problems = await validator.validateEnvelopes(
    actions.map((a) => ({
      name: a.transportGuid,
      xml: buildImportAnswerRequest(PLACEHOLDER_HEADER, [a]),
    })),
  );
  return new Map(
    Object.entries(problems).map(([guid, list]) => [
      guid,
      `${XSD_INVALID}: ${summarizeXsdProblems(list)}`.slice(0, 1000),
    ]),
  );
}

/**
 * Holds the rows whose action is invalid: `held` is not retried, an operator sees it in
 * GET /integrations/gis-zhkh/outbox?status=held and releases it once the cause is fixed.
 */
export async function holdInvalid(
  repo: Repository<GisOutbox>,
  rows: readonly GisOutbox[],
  invalid: ReadonlyMap<string, string>,
): Promise<GisOutbox[]> {
  const held = rows.filter((r) => invalid.has(r.transportGuid));
  for (const row of held) {
    await repo.update(
      { id: In([row.id]) },
      { status: 'held', lastError: invalid.get(row.transportGuid)! },
    );
  }
  return held;
}
