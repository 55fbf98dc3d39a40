import { appealResponse } from './appeal-response';
import {
  Body,
  Controller,
  Headers,
  HttpCode,
  Param,
  Post,
  Req,
  Res,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AttachmentUploadInterceptor } from '../attachments/attachment-upload.interceptor';
import type { IncomingFile } from '../attachments/attachments.service';
import { jsonPayload } from '../attachments/multipart-json';
import { validateBody } from '../common/http/validation';
import { AppError } from '../common/errors/app-error';
import { AppealDto } from '../appeals/appeal.dto';
import { AppealsService } from '../appeals/appeals.service';
import { AllowClients, Roles } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiIfMatch, ApiProblems, ATTACHMENT_PROBLEMS } from '../common/http/openapi';
import { Ctx, type RequestContext } from '../common/http/request-context';
import { UuidPipe } from '../common/http/uuid.pipe';
import {
  AnswerAppealDto,
  AssignDto,
  CrimeReportDto,
  ForwardDto,
  WithdrawDto,
} from './workflow.dto';
import { WorkflowService } from './workflow.service';

@ApiTags('appeals')
@ApiBearerAuth()
@ApiProblems(ErrorCode.APPEAL_NOT_FOUND, ErrorCode.INVALID_TRANSITION)
@Controller('appeals/:id')
export class WorkflowController {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly appeals: AppealsService,
  ) {}

  @Post('assign')
  @HttpCode(200)
  @Roles('head', 'supervisor')
  @ApiOkResponse({ type: AppealDto, description: 'with its new ETag' })
  @ApiIfMatch()
  async assign(
    @Param('id', UuidPipe) id: string,
    @Body() dto: AssignDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(res, this.appeals, await this.workflow.assign(id, dto, ctx, ifMatch));
  }

  @Post('take')
  @HttpCode(200)
  @Roles('officer')
  @ApiOkResponse({ type: AppealDto, description: 'with its new ETag' })
  @ApiIfMatch()
  async take(
    @Param('id', UuidPipe) id: string,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(res, this.appeals, await this.workflow.take(id, ctx, ifMatch));
  }

  @Post('start')
  @HttpCode(200)
  @Roles('officer', 'head')
  @ApiOkResponse({ type: AppealDto, description: 'with its new ETag' })
  @ApiIfMatch()
  async start(
    @Param('id', UuidPipe) id: string,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(res, this.appeals, await this.workflow.start(id, ctx, ifMatch));
  }

  @Post('forward')
  @HttpCode(200)
  @Roles('head', 'supervisor')
  @ApiOkResponse({ type: AppealDto, description: 'with its new ETag' })
  @ApiIfMatch()
  async forward(
    @Param('id', UuidPipe) id: string,
    @Body() dto: ForwardDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(res, this.appeals, await this.workflow.forward(id, dto, ctx, ifMatch));
  }

  @Post('crime-report')
  @HttpCode(200)
  @Roles('head', 'supervisor')
  @ApiOkResponse({ type: AppealDto, description: 'with its new ETag' })
  @ApiIfMatch()
  @ApiProblems(ErrorCode.CRIME_REPORT_NOT_ALLOWED)
  async crimeReport(
    @Param('id', UuidPipe) id: string,
    @Body() dto: CrimeReportDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(
      res,
      this.appeals,
      await this.workflow.reportCrime(id, dto, ctx, ifMatch),
    );
  }

  @Post('withdraw')
  @HttpCode(200)
  @AllowClients()
  @ApiSecurity('api-key')
  @ApiOkResponse({ type: AppealDto, description: 'with its new ETag' })
  @ApiIfMatch()
  async withdraw(
    @Param('id', UuidPipe) id: string,
    @Body() dto: WithdrawDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(res, this.appeals, await this.workflow.withdraw(id, dto, ctx, ifMatch));
  }

  @Post('answer')
  @HttpCode(200)
  @Roles('officer', 'head', 'supervisor')
  // Answer files (issue 20) stream into staging first, checked as intake's; unlinked ones go.
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiExtraModels(AnswerAppealDto)
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(AnswerAppealDto) },
        {
          type: 'object',
          properties: {
            answer: { type: 'string', description: 'the JSON body as a string' },
            files: { type: 'array', items: { type: 'string', format: 'binary' } },
          },
        },
      ],
    },
  })
  @ApiOkResponse({ type: AppealDto, description: 'with its new ETag' })
  @ApiIfMatch()
  @ApiProblems(...ATTACHMENT_PROBLEMS)
  async answer(
    @Param('id', UuidPipe) id: string,
    @Req() req: Request,
    @UploadedFiles() files: IncomingFile[] | undefined,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    const raw = jsonPayload(req, files ?? [], 'answer', 'ответа');
    const { value: dto, errors } = await validateBody(AnswerAppealDto, raw);
    if (errors.length > 0) throw AppError.validation(errors);
    return appealResponse(
      res,
      this.appeals,
      await this.workflow.answer(id, dto, ctx, ifMatch, files ?? []),
    );
  }
}
