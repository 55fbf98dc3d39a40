import {
  Controller,
  Get,
  Param,
  Post,
  Res,
  UploadedFiles,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { AllowClients } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiItems, ApiProblems, ATTACHMENT_PROBLEMS } from '../common/http/openapi';
import { Ctx, type RequestContext } from '../common/http/request-context';
import { UuidPipe } from '../common/http/uuid.pipe';
import { AppealAttachmentsService } from './appeal-attachments.service';
import { AppealVisibleGuard } from './appeal-visible.guard';
import { AttachmentDto } from './attachment.dto';
import { sendAttachment } from './attachment-response';
import { AttachmentUploadInterceptor } from './attachment-upload.interceptor';
import type { AttachmentMeta, IncomingFile } from './attachments.service';
import { RateLimitGuard } from '../common/rate-limit/rate-limit.guard';

/** Any staff member who sees the appeal, or the client that created it (SPEC §9, §14). */
@ApiTags('appeals')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('appeals/:id/attachments')
@AllowClients()
@ApiProblems(ErrorCode.APPEAL_NOT_FOUND)
export class AppealAttachmentsController {
  constructor(private readonly service: AppealAttachmentsService) {}

  @Post()
  @UseGuards(RateLimitGuard, AppealVisibleGuard)
  @SkipThrottle({ login: true })
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } },
    },
  })
  @ApiItems(AttachmentDto, {
    status: 201,
    description: 'one per file sent; a file already attached gets the existing one',
  })
  @ApiProblems(...ATTACHMENT_PROBLEMS)
  async add(
    @Param('id', UuidPipe) id: string,
    @UploadedFiles() files: IncomingFile[] | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<{ items: AttachmentMeta[] }> {
    return { items: await this.service.add(id, files ?? [], ctx) };
  }

  @Get(':attachmentId')
  @ApiOkResponse({
    description:
      'the file as a download: Content-Type is its detected type, Content-Disposition its name',
    content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(ErrorCode.ATTACHMENT_NOT_FOUND)
  async download(
    @Param('id', UuidPipe) id: string,
    @Param('attachmentId', UuidPipe) attachmentId: string,
    @Ctx() ctx: RequestContext,
    @Res() res: Response,
  ): Promise<void> {
    const { attachment, content } = await this.service.download(id, attachmentId, ctx);
    await sendAttachment(res, attachment, content);
  }
}
