import { Injectable } from '@nestjs/common';
import type { CheckResult } from '../appeals/appeal.enums';
import type { Principal } from '../common/auth/principal';
import type { FieldError } from '../common/errors/app-error';
import type { CreateAppealDto } from '../intake/create-appeal.dto';
import { toDraft } from '../intake/to-draft';
import { checkMandatoryFields } from './mandatory-fields.rule';
import { rulesNeeding } from './rule-registry';
import { RulesService } from './rules.service';

/** Rules whose detail names a stored appeal (duplicate, repeated). */
const COMPARES_STORED_APPEALS: ReadonlySet<string> = new Set(
  rulesNeeding('similarAppeals').map((r) => r.name),
);

export interface RulesCheckResult {
  checks: CheckResult[];
  /** The mandatory-field gaps too, so a form can warn about both before sending. */
  validationIssues: FieldError[];
  /** The status the appeal would get if registered now. */
  wouldBe: string;
}

@Injectable()
export class RulesCheckService {
  constructor(private readonly rules: RulesService) {}

  /**
   * Integration clients get the verdicts but not which stored appeal matched: otherwise anyone
   * with a key could probe other people's appeals by e-mail or account number (152-ФЗ).
   */
  async run(dto: CreateAppealDto, principal: Principal): Promise<RulesCheckResult> {
    const draft = toDraft(dto);
    const outcome = await this.rules.evaluate(draft);
    const checks =
      principal.kind === 'client'
        ? outcome.checks.map((c) =>
            COMPARES_STORED_APPEALS.has(c.rule) && c.verdict !== 'pass'
              ? { ...c, detail: 'Похоже на ранее поданное обращение этого заявителя' }
              : c,
          )
        : outcome.checks;
    return { checks, validationIssues: checkMandatoryFields(draft), wouldBe: outcome.status };
  }
}
