import { Controller, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AllowClients } from '../../common/auth/auth.decorators';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-codes';
import { ApiProblems } from '../../common/http/openapi';
import { Ctx, type RequestContext } from '../../common/http/request-context';
import { EmailIntakeAnswerDto } from './email-intake.dto';
import {
  EmailIntakeService,
  assertMayPushEmail,
  type PushedEmailAnswer,
} from './email-intake.service';
import { PushedEmailFilter } from './pushed-email.filter';

@ApiTags('intake')
@ApiSecurity('api-key')
@Controller('intake')
export class EmailIntakeController {
  constructor(private readonly email: EmailIntakeService) {}

  /**
   * The mail server pushes raw RFC 822 (SPEC §10); 202 with what became of it, 4xx for a bad
   * request or message, 503 with Retry-After for anything that may succeed later.
   */
  @Post('email')
  @HttpCode(202)
  @UseFilters(PushedEmailFilter)
  @AllowClients()
  @ApiConsumes('message/rfc822')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiAcceptedResponse({ type: EmailIntakeAnswerDto })
  @ApiProblems(ErrorCode.CHANNEL_NOT_ALLOWED)
  ingest(@Req() req: Request, @Ctx() ctx: RequestContext): Promise<PushedEmailAnswer> {
    assertMayPushEmail(ctx);
    if (!Buffer.isBuffer(req.body)) {
      throw new AppError(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        'Пришлите письмо с Content-Type: message/rfc822',
      );
    }
    return this.email.ingest(req.body, ctx, 'push');
  }
}
