import { Injectable } from '@nestjs/common';
import type { CheckResult } from '../appeals/appeal.enums';
import type { Principal } from '../common/auth/principal';
import type { FieldError } from '../common/errors/app-error';
import { DepartmentsService } from '../departments/departments.service';
import type { CreateAppealDto } from '../intake/create-appeal.dto';
import { toDraft } from '../intake/to-draft';
import { checkQualityReportFor } from '../quality/quality-report.policy';
import { checkMandatoryFields } from './mandatory-fields.rule';
import { rulesNeeding } from './rule-registry';
import { RulesService } from './rules.service';
import { checkAttributes } from './topic-attributes.rule';

/** Rules whose detail names a stored appeal (duplicate, repeated). */
const COMPARES_STORED_APPEALS: ReadonlySet<string> = new Set(
  rulesNeeding('similarAppeals').map((r) => r.name),
);

export interface RulesCheckResult {
  checks: CheckResult[];
  /**
   * What registration would find in the input, so a form can warn before sending: the mandatory
   * fields, the quality report (missing on its kind, or given on another), an unknown topic and
   * the topic's attributes — each a 422 on an interactive channel, most a validationIssue of a
   * physical one (a quality report on another kind is refused on every channel).
   */
  validationIssues: FieldError[];
  /** The status the appeal would get if registered now. */
  wouldBe: string;
}

@Injectable()
export class RulesCheckService {
  constructor(
    private readonly rules: RulesService,
    private readonly departments: DepartmentsService,
  ) {}

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
    const quality = checkQualityReportFor(draft.kind, dto.qualityReport);
    const validationIssues = [
      ...quality.structural,
      ...checkMandatoryFields(draft),
      ...quality.gaps,
      ...(await this.attributeIssues(draft.topicCode, draft.attributes)),
    ];
    return { checks, validationIssues, wouldBe: outcome.status };
  }

  /** The topic's attribute check as registration runs it (IntakeService); an unknown topic too. */
  private async attributeIssues(
    topicCode: string | null,
    attributes: Record<string, unknown>,
  ): Promise<FieldError[]> {
    const topic = topicCode ? await this.departments.findTopicByCode(topicCode) : null;
    if (topicCode && !topic) {
      return [
        {
          field: 'topicCode',
          code: 'UNKNOWN_TOPIC',
          message: `Неизвестная тематика «${topicCode}»`,
        },
      ];
    }
    return checkAttributes(topic?.attributes ?? [], attributes).issues;
  }
}
