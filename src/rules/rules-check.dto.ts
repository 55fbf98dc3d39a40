import { ApiProperty } from '@nestjs/swagger';
import { CheckResultDto } from '../appeals/appeal.dto';
import { STATUSES } from '../appeals/appeal.enums';
import { FieldErrorDto } from '../common/errors/problem.dto';

/** The answer of the dry run POST /rules/check (RulesCheckResult). */
export class RulesCheckResultDto {
  @ApiProperty({ type: [CheckResultDto] }) checks: CheckResultDto[];
  @ApiProperty({
    type: [FieldErrorDto],
    description:
      'what registration would find: mandatory fields, an unknown topic, the topic attributes, ' +
      'the quality report; on an interactive channel registration refuses them (422), a ' +
      'physical one records them — except a qualityReport on another kind (NOT_ALLOWED), ' +
      'refused on every channel',
  })
  validationIssues: FieldErrorDto[];
  @ApiProperty({ enum: STATUSES, description: 'the status it would get if registered now' })
  wouldBe: string;
}
