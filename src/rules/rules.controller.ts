import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AllowClients } from '../common/auth/auth.decorators';
import { Ctx, type RequestContext } from '../common/http/request-context';
import { CreateAppealDto } from '../intake/create-appeal.dto';
import { RulesCheckResultDto } from './rules-check.dto';
import { RulesCheckService, type RulesCheckResult } from './rules-check.service';

@ApiTags('rules')
@ApiBearerAuth()
@Controller()
export class RulesController {
  constructor(private readonly check: RulesCheckService) {}

  /** Dry run: what the rules would say about a draft; nothing is stored (SPEC §4). */
  @Post('rules/check')
  @HttpCode(200)
  @AllowClients()
  @ApiSecurity('api-key')
  @ApiBody({ type: CreateAppealDto })
  @ApiOkResponse({ type: RulesCheckResultDto })
  run(@Body() dto: CreateAppealDto, @Ctx() ctx: RequestContext): Promise<RulesCheckResult> {
    return this.check.run(dto, ctx.principal);
  }
}
