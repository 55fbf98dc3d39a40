import { Controller, Post, Req, UploadedFiles, UseGuards, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request } from 'express';
import type { IncomingFile } from '../../attachments/attachments.service';
import { jsonPayload } from '../../attachments/multipart-json';
import { describeChannel } from '../../channels/channel.registry';
import { AllowClients, Roles } from '../../common/auth/auth.decorators';
import { ErrorCode } from '../../common/errors/error-codes';
import { ApiProblems, ATTACHMENT_PROBLEMS } from '../../common/http/openapi';
import { Ctx, type RequestContext } from '../../common/http/request-context';
import { RateLimitGuard } from '../../common/rate-limit/rate-limit.guard';
import { CallIntakeAnswerDto, IncomingCallDto } from './call.dto';
import { PhoneIntakeService } from './phone-intake.service';
import { RecordingUploadInterceptor } from './recording-upload.interceptor';

@ApiTags('intake')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Controller('intake')
export class PhoneIntakeController {
  constructor(private readonly phone: PhoneIntakeService) {}

  /**
   * A call-centre, voice-mail or IVR system posts a call (issue 23, docs/integrations/phone.md);
   * the answer is what the operator reads out: the number and the registration time (ПП 354 п. 106).
   */
  @Post('calls')
  @Roles(...describeChannel('phone').staffRoles)
  @AllowClients()
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ login: true })
  @UseInterceptors(RecordingUploadInterceptor)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(IncomingCallDto) },
        {
          type: 'object',
          required: ['call'],
          properties: {
            call: { type: 'string', description: 'the call’s JSON as a string' },
            recording: {
              type: 'string',
              format: 'binary',
              description: 'Ogg/Opus, MP3, WAV or M4A, told by content; ATTACHMENT_MAX_BYTES',
            },
          },
        },
      ],
    },
  })
  @ApiCreatedResponse({
    type: CallIntakeAnswerDto,
    description: 'registered now (created) or before, under the same callId (repeated)',
  })
  @ApiProblems(
    ErrorCode.CHANNEL_NOT_ALLOWED,
    ErrorCode.IDEMPOTENCY_KEY_REUSED,
    ...ATTACHMENT_PROBLEMS,
  )
  register(
    @Req() req: Request,
    @UploadedFiles() files: IncomingFile[] | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CallIntakeAnswerDto> {
    return this.phone.register(
      // JSON body, or multipart with the JSON in part `call` and the audio in part `recording`.
      jsonPayload(req, files ?? [], 'call', 'звонка', 'recording'),
      files ?? [],
      ctx,
    );
  }
}
