import { Injectable } from '@nestjs/common';
import type { CheckResult } from '../appeals/appeal.enums';
import type { FieldError } from '../common/errors/app-error';
import type { CreateAppealDto } from '../intake/create-appeal.dto';
import { toDraft } from '../intake/to-draft';
import { checkMandatoryFields } from './mandatory-fields.rule';
import { RulesService } from './rules.service';

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

  async run(dto: CreateAppealDto): Promise<RulesCheckResult> {
    const draft = toDraft(dto);
    const outcome = await this.rules.evaluate(draft);
    return {
      checks: outcome.checks,
      validationIssues: checkMandatoryFields(draft),
      wouldBe: outcome.status,
    };
  }
}
