import { ApiProperty } from '@nestjs/swagger';
import { CheckResultDto } from '../appeals/appeal.dto';
import { STATUSES } from '../appeals/appeal.enums';
import { FieldErrorDto } from '../common/errors/problem.dto';

/** The answer of the dry run POST /rules/check (RulesCheckResult). */
export class RulesCheckResultDto {
  @ApiProperty({ type: [CheckResultDto] }) checks: CheckResultDto[];
  @ApiProperty({
    type: [FieldErrorDto],
    description: 'mandatory-field gaps: on web and personal_account registration refuses them',
  })
  validationIssues: FieldErrorDto[];
  @ApiProperty({ enum: STATUSES, description: 'the status it would get if registered now' })
  wouldBe: string;
}
