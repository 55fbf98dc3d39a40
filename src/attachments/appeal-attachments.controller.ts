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
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { Response } from 'express';
import { AllowClients } from '../common/auth/auth.decorators';
import { Ctx, type RequestContext } from '../common/http/request-context';
import { UuidPipe } from '../common/http/uuid.pipe';
import { AppealAttachmentsService } from './appeal-attachments.service';
import { AppealVisibleGuard } from './appeal-visible.guard';
import { sendAttachment } from './attachment-response';
import { AttachmentUploadInterceptor } from './attachment-upload.interceptor';
import type { AttachmentMeta, IncomingFile } from './attachments.service';

/** Any staff member who sees the appeal, or the client that created it (SPEC §9, §14). */
@ApiTags('appeals')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('appeals/:id/attachments')
@AllowClients()
export class AppealAttachmentsController {
  constructor(private readonly service: AppealAttachmentsService) {}

  @Post()
  @UseGuards(ThrottlerGuard, AppealVisibleGuard)
  @SkipThrottle({ login: true })
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } },
    },
  })
  @ApiCreatedResponse({
    description: '{ items: Attachment[] }: per file sent; a repeat gets the existing one',
  })
  async add(
    @Param('id', UuidPipe) id: string,
    @UploadedFiles() files: IncomingFile[] | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<{ items: AttachmentMeta[] }> {
    return { items: await this.service.add(id, files ?? [], ctx) };
  }

  @Get(':attachmentId')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'the file, with its detected type and original name' })
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
