import {
  Body,
  Controller,
  Headers,
  Post,
  Req,
  Res,
  UploadedFiles,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppealDto, etagOf } from '../appeals/appeal.dto';
import { AttachmentUploadInterceptor } from '../attachments/attachment-upload.interceptor';
import type { IncomingFile } from '../attachments/attachments.service';
import { jsonPayload } from '../attachments/multipart-json';
import { REGISTERING_ROLES } from '../channels/channel.registry';
import { AllowClients, Roles } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiItems, ApiProblems, ATTACHMENT_PROBLEMS } from '../common/http/openapi';
import { Ctx, type RequestContext } from '../common/http/request-context';
import { CreateAppealDto } from './create-appeal.dto';
import { ImportAppealsDto } from './import-appeals.dto';
import { IntakeService } from './intake.service';
import { RateLimitGuard } from '../common/rate-limit/rate-limit.guard';
import { idempotentReply } from '../common/http/idempotent-reply';

@ApiTags('appeals')
@ApiBearerAuth()
@Controller('appeals')
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  @Post()
  // Staff whose role registers some channel; which channels, the service checks per descriptor.
  @Roles(...REGISTERING_ROLES)
  @AllowClients()
  @ApiSecurity('api-key')
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ login: true })
  // Files stream into staging before the handler; what registration does not link is deleted.
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiConsumes('application/json', 'multipart/form-data')
  // Named as the handler reads it, so Swagger merges the two into one optional parameter.
  @ApiHeader({
    name: 'idempotency-key',
    required: false,
    description:
      '1–200 printable ASCII characters without spaces. A retry with the same key gets the ' +
      'first answer (header Idempotent-Replayed: true) and registers nothing.',
  })
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(CreateAppealDto) },
        {
          type: 'object',
          properties: {
            appeal: { type: 'string', description: 'the JSON body as a string' },
            files: { type: 'array', items: { type: 'string', format: 'binary' } },
          },
        },
      ],
    },
  })
  @ApiCreatedResponse({
    type: AppealDto,
    description: 'also when rejected or a duplicate; with ETag and Location',
  })
  @ApiProblems(
    ErrorCode.CHANNEL_NOT_ALLOWED,
    ErrorCode.IDEMPOTENCY_KEY_REUSED,
    ...ATTACHMENT_PROBLEMS,
  )
  async create(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @UploadedFiles() files: IncomingFile[] | undefined,
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<AppealDto> {
    const result = await this.intake.register(
      // JSON body, or multipart with the JSON in part `appeal` and files in parts `files`.
      jsonPayload(req, files ?? [], 'appeal', 'обращения'),
      files ?? [],
      ctx,
      idempotencyKey,
    );
    res.setHeader('ETag', etagOf(result.body));
    return idempotentReply(res, result, `/api/v1/appeals/${result.body.id}`);
  }

  @Post('import')
  @Roles('admin')
  @ApiItems(AppealDto, { status: 201, description: 'the imported appeals' })
  @ApiProblems(ErrorCode.REG_NUMBER_TAKEN)
  async import(
    @Body() dto: ImportAppealsDto,
    @Ctx() ctx: RequestContext,
  ): Promise<{ items: AppealDto[] }> {
    return { items: await this.intake.importLegacy(dto, ctx) };
  }
}
