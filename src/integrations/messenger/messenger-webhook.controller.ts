import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../../common/auth/auth.decorators';
import { ErrorCode } from '../../common/errors/error-codes';
import { ApiProblems } from '../../common/http/openapi';
import { MessengerWebhookAnswerDto } from './messenger-webhook.dto';
import { MessengerIntakeService, type WebhookAnswer } from './messenger-intake.service';

/**
 * The bots' webhooks (issue 24): outside staff auth, each checked by its provider's secret
 * header (Telegram `X-Telegram-Bot-Api-Secret-Token`, MAX `X-Max-Bot-Api-Secret`).
 */
@ApiTags('intake')
@Controller('intake/messenger')
export class MessengerWebhookController {
  constructor(private readonly messenger: MessengerIntakeService) {}

  @Post(':provider')
  @Public()
  @SkipThrottle()
  @HttpCode(200)
  @ApiParam({ name: 'provider', enum: ['telegram', 'max'] })
  @ApiBody({ schema: { type: 'object', description: 'the provider’s update, as it sends it' } })
  @ApiOkResponse({ type: MessengerWebhookAnswerDto })
  @ApiProblems(ErrorCode.UNAUTHENTICATED, ErrorCode.NOT_FOUND)
  receive(
    @Param('provider') provider: string,
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Body() body: unknown,
  ): Promise<WebhookAnswer> {
    return this.messenger.webhook(provider, headers, body);
  }
}
