import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuditChangesInterceptor } from '../audit/audit-changes.interceptor';
import { Roles } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiItems, ApiProblems } from '../common/http/openapi';
import { Ctx, type RequestContext } from '../common/http/request-context';
import { UuidPipe } from '../common/http/uuid.pipe';
import {
  AnswerTemplateDto,
  AnswerTemplatesQueryDto,
  CreateAnswerTemplateDto,
  RenderedAnswerTemplateDto,
  UpdateAnswerTemplateDto,
  toAnswerTemplateDto,
} from './answer-templates.dto';
import { AnswerTemplatesService } from './answer-templates.service';

/** Answer templates (issue 20): any staff member reads them, admins keep them (audited). */
@ApiTags('answer-templates')
@ApiBearerAuth()
@UseInterceptors(AuditChangesInterceptor)
@Controller('answer-templates')
export class AnswerTemplatesController {
  constructor(private readonly templates: AnswerTemplatesService) {}

  @Get()
  @ApiItems(AnswerTemplateDto, { description: 'a topic’s templates and the general ones' })
  async list(@Query() q: AnswerTemplatesQueryDto): Promise<{ items: AnswerTemplateDto[] }> {
    return { items: (await this.templates.list(q)).map(toAnswerTemplateDto) };
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: AnswerTemplateDto })
  async create(@Body() dto: CreateAnswerTemplateDto): Promise<AnswerTemplateDto> {
    return toAnswerTemplateDto(await this.templates.create(dto));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: AnswerTemplateDto })
  @ApiProblems(ErrorCode.ANSWER_TEMPLATE_NOT_FOUND)
  async update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateAnswerTemplateDto,
  ): Promise<AnswerTemplateDto> {
    return toAnswerTemplateDto(await this.templates.update(id, dto));
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'removed' })
  @ApiProblems(ErrorCode.ANSWER_TEMPLATE_NOT_FOUND)
  remove(@Param('id', UuidPipe) id: string): Promise<void> {
    return this.templates.remove(id);
  }
}

/** The officer's start: a template filled from the appeal (staff who see it). */
@ApiTags('appeals')
@ApiBearerAuth()
@ApiProblems(ErrorCode.APPEAL_NOT_FOUND, ErrorCode.ANSWER_TEMPLATE_NOT_FOUND)
@Controller('appeals/:id/answer-templates')
export class AnswerTemplateRenderController {
  constructor(private readonly templates: AnswerTemplatesService) {}

  @Get(':templateId/render')
  @ApiOkResponse({ type: RenderedAnswerTemplateDto })
  render(
    @Param('id', UuidPipe) id: string,
    @Param('templateId', UuidPipe) templateId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<RenderedAnswerTemplateDto> {
    return this.templates.render(id, templateId, ctx);
  }
}
