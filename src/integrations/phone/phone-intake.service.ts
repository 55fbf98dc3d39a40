import { Inject, Injectable, Logger } from '@nestjs/common';
import type { IncomingFile } from '../../attachments/attachments.service';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-codes';
import type { RequestContext } from '../../common/http/request-context';
import { validateBody } from '../../common/http/validation';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { IntakeService } from '../../intake/intake.service';
import { callToCreateAppealBody } from './call-to-appeal';
import { IncomingCallDto, type CallIntakeAnswerDto } from './call.dto';

/** The idempotency namespace of calls: scope `phone:key:<api key>` (or `phone:user:<id>`). */
const CALLS = 'phone';

/**
 * A call → an appeal on the channel `phone` (issue 23), through the ordinary registration
 * (IntakeService.register: channel check, mandatory fields as validationIssues, the rules on the
 * transcript, numbering, routing, notices). Exactly once per call id: the id is the idempotency
 * key of the caller's own scope, so a retry — also a concurrent one, on another instance — gets
 * the first result, and the same id with another body is a 422.
 */
@Injectable()
export class PhoneIntakeService {
  private readonly logger = new Logger(PhoneIntakeService.name);

  constructor(
    private readonly intake: IntakeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async register(
    raw: unknown,
    recordings: IncomingFile[],
    ctx: RequestContext,
  ): Promise<CallIntakeAnswerDto> {
    const { value: call, errors } = await validateBody(IncomingCallDto, raw);
    if (errors.length > 0) throw AppError.validation(errors);
    const body = callToCreateAppealBody(call, this.config.timeZone);
    try {
      const result = await this.intake.register(
        body,
        recordings,
        ctx,
        call.callId,
        undefined,
        CALLS,
      );
      const a = result.body;
      this.logger.log(
        {
          appealId: a.id,
          source: call.source,
          repeated: result.replayed,
          recordings: recordings.length,
        },
        'Call registered',
      );
      return {
        result: result.replayed ? 'repeated' : 'created',
        appealId: a.id,
        regNumber: a.regNumber,
        registeredAt: a.registeredAt,
      };
    } catch (e) {
      if (e instanceof AppError && e.code === ErrorCode.IDEMPOTENCY_KEY_REUSED) {
        throw new AppError(
          ErrorCode.IDEMPOTENCY_KEY_REUSED,
          `Звонок ${call.callId} уже зарегистрирован с другими данными; повтор должен совпадать с первым запросом`,
        );
      }
      throw e;
    }
  }
}
