import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiItems, ApiProblems } from '../common/http/openapi';
import { Ctx, type RequestContext } from '../common/http/request-context';
import { UuidPipe } from '../common/http/uuid.pipe';
import {
  AbusiveTermDto,
  AbusiveTermsQueryDto,
  CreateAbusiveTermDto,
  toAbusiveTermDto,
} from './abusive-terms.dto';
import { AbusiveTermsService } from './abusive-terms.service';

/**
 * The allow and deny lists of the `abusive` rule (docs/rules.md): administrators fix a miss or
 * a false alarm without a release. Every change is audited by the service, in its transaction.
 */
@ApiTags('rules')
@ApiBearerAuth()
@Roles('admin')
@Controller('rules/abusive/terms')
export class AbusiveTermsController {
  constructor(private readonly terms: AbusiveTermsService) {}

  @Get()
  @ApiItems(AbusiveTermDto)
  async list(@Query() q: AbusiveTermsQueryDto): Promise<{ items: AbusiveTermDto[] }> {
    return { items: (await this.terms.list(q.list)).map(toAbusiveTermDto) };
  }

  @Post()
  @ApiCreatedResponse({ type: AbusiveTermDto })
  @ApiProblems(ErrorCode.ABUSIVE_TERM_EXISTS)
  async create(
    @Body() dto: CreateAbusiveTermDto,
    @Ctx() ctx: RequestContext,
  ): Promise<AbusiveTermDto> {
    return toAbusiveTermDto(await this.terms.add(dto, ctx));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'removed from its list' })
  @ApiProblems(ErrorCode.ABUSIVE_TERM_NOT_FOUND)
  remove(@Param('id', UuidPipe) id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.terms.remove(id, ctx);
  }
}
