import { Inject, Injectable } from '@nestjs/common';
import { checkAuthorityControl } from '../appeals/authority-control';
import { IdempotencyService, type RegistrationResult } from '../appeals/registration/idempotency';
import {
  LegacyImportService,
  type LegacyAppeal,
} from '../appeals/registration/legacy-import.service';
import {
  RegistrationService,
  type AfterRegistration,
} from '../appeals/registration/registration.service';
import type { AppealDto } from '../appeals/appeal.dto';
import { isInteractiveChannel, staffMayRegister, type Channel } from '../channels/channel.registry';
import type { IncomingFile } from '../attachments/attachments.service';
import { AppError, type FieldError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { RequestContext } from '../common/http/request-context';
import { validateBody } from '../common/http/validation';
import { sha256Hex, stableStringify } from '../common/stable-json';
import { Clock } from '../common/time/clock';
import { MetricsService } from '../metrics/metrics.service';
import { checkMandatoryFields } from '../rules/mandatory-fields.rule';
import { checkQualityReportFor } from '../quality/quality-report.policy';
import { RulesService } from '../rules/rules.service';
import { isLocalDate, localDateInZone } from '../common/time/local-date';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { checkIncomingLetter } from '../appeals/incoming-letter';
import { toDraft } from './to-draft';
import { AppealPlacement } from '../appeals/registration/appeal-placement';
import type { AppealDraft } from '../appeals/appeal-draft';
import type { AttributeValue } from '../departments/topic-attributes';
import { checkAttributes } from '../rules/topic-attributes.rule';
import { CreateAppealDto } from './create-appeal.dto';
import type { ImportAppealsDto } from './import-appeals.dto';

// A receipt time this far ahead of our clock is a typo, not clock skew.
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** Every channel → one normalised draft → registration. No business decisions beyond the gate. */
@Injectable()
export class IntakeService {
  constructor(
    private readonly registration: RegistrationService,
    private readonly idempotency: IdempotencyService,
    private readonly legacy: LegacyImportService,
    private readonly rules: RulesService,
    private readonly placement: AppealPlacement,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async register(
    raw: unknown,
    files: IncomingFile[],
    ctx: RequestContext,
    idempotencyKey: string | undefined,
    /** More work in the registering transaction (e.g. marking an e-mail processed). */
    alsoInTransaction?: AfterRegistration,
    /** Keys of a channel's own (`phone`: the call id), apart from clients' Idempotency-Keys. */
    idempotencyNamespace?: string,
  ): Promise<RegistrationResult> {
    const idem = idempotencyKey
      ? {
          namespace: idempotencyNamespace,
          key: checkIdempotencyKey(idempotencyKey),
          requestHash: sha256Hex(
            stableStringify({
              body: raw,
              files: files.map((f) => [f.originalname, f.sha256 ?? sha256Hex(f.buffer)]),
            }),
          ),
        }
      : null;
    if (idem) {
      // A retry gets the first answer (or 422 for another body) before any other check.
      const prior = await this.idempotency.find(ctx.principal, idem);
      if (prior) return prior;
    }
    const { value: dto, errors } = await validateBody(CreateAppealDto, raw);
    if (errors.length > 0) throw AppError.validation(errors);
    this.assertChannelAllowed(dto.channel, ctx);
    const structural = [
      ...this.checkReceivedAt(dto.receivedAt),
      ...(dto.authorityControl
        ? checkAuthorityControl(
            dto.authorityControl,
            localDateInZone(this.clock.now(), this.config.timeZone),
            'authorityControl',
          )
        : []),
      ...(dto.incomingLetter
        ? checkIncomingLetter(
            dto.incomingLetter,
            localDateInZone(this.clock.now(), this.config.timeZone),
            'incomingLetter',
          )
        : []),
    ];
    // A quality-violation report's data (issue 23): refused on other kinds, a gap when missing.
    const quality = checkQualityReportFor(dto.kind ?? 'statement', dto.qualityReport);
    structural.push(...quality.structural);
    if (structural.length > 0) throw AppError.validation(structural);

    const draft = toDraft(dto);
    const issues = [
      ...checkMandatoryFields(draft),
      ...quality.gaps,
      ...(await this.checkAttributes(draft)),
    ];
    // Interactive channels bounce incomplete input; what physically arrived is always
    // registered, with its gaps recorded (59-ФЗ ст. 8 ч. 2).
    if (issues.length > 0 && isInteractiveChannel(draft.channel)) {
      throw AppError.validation(issues, 'Не заполнены обязательные поля обращения');
    }
    const decision = await this.rules.evaluate(draft);
    const result = await this.registration.register(
      draft,
      issues,
      decision,
      files,
      ctx,
      idem,
      alsoInTransaction,
    );
    if (!result.replayed) this.metrics.countRegistration(draft.channel, result.body.status);
    return result;
  }

  async importLegacy(dto: ImportAppealsDto, ctx: RequestContext): Promise<AppealDto[]> {
    const now = this.clock.now().getTime();
    const errors: FieldError[] = [];
    const items: LegacyAppeal[] = dto.appeals.map((item, i) => {
      const at = (field: string, code: string, message: string): void => {
        errors.push({ field: `appeals[${i}].${field}`, code, message });
      };
      const status = item.status ?? 'registered';
      const registeredAt = new Date(item.registeredAt);
      if (registeredAt.getTime() > now + FUTURE_TOLERANCE_MS) {
        at('registeredAt', 'IN_FUTURE', 'Дата регистрации не может быть в будущем');
      }
      if (status === 'answered' && !item.answer)
        at('answer', 'REQUIRED', 'Для статуса answered нужен ответ');
      if (status !== 'answered' && item.answer)
        at('answer', 'NOT_ALLOWED', 'Ответ допустим только в статусе answered');
      if (status === 'rejected' && !item.rejection)
        at('rejection', 'REQUIRED', 'Для статуса rejected нужна причина');
      if (status !== 'rejected' && item.rejection)
        at('rejection', 'NOT_ALLOWED', 'Причина отказа допустима только в статусе rejected');
      if (item.dueDate && !isLocalDate(item.dueDate))
        at('dueDate', 'INVALID_DATE', 'Несуществующая дата');
      const draft = toDraft(item);
      // A quality report as a physical channel checks it, but a historical record is never
      // refused: a report on another kind is kept as the old system had it, with its issue.
      const quality = checkQualityReportFor(draft.kind, item.qualityReport);
      return {
        draft,
        validationIssues: [...checkMandatoryFields(draft), ...quality.structural, ...quality.gaps],
        regNumber: item.regNumber.trim(),
        registeredAt,
        status,
        dueDate: item.dueDate ?? null,
        answer: item.answer
          ? {
              text: item.answer.text,
              outcome: item.answer.outcome,
              answeredAt: new Date(item.answer.answeredAt),
            }
          : null,
        rejection: item.rejection
          ? { reason: item.rejection.reason, comment: item.rejection.comment ?? null }
          : null,
      };
    });
    const numbers = new Map<string, number>();
    items.forEach((it, i) => {
      const first = numbers.get(it.regNumber);
      if (first !== undefined) {
        errors.push({
          field: `appeals[${i}].regNumber`,
          code: 'DUPLICATE_IN_BATCH',
          message: `Номер уже встречается в appeals[${first}]`,
        });
      } else numbers.set(it.regNumber, i);
    });
    if (errors.length > 0)
      throw AppError.validation(errors, 'Импорт отклонён целиком: исправьте ошибки');
    // A legacy record is kept whole: its attribute gaps are issues, as its mandatory fields'.
    for (const it of items) {
      it.validationIssues.push(...(await this.checkAttributes(it.draft, true)));
    }
    return this.legacy.importLegacy(items, ctx);
  }

  /**
   * The topic's attributes (issue 22): the draft keeps the normalised values — and on a physical
   * channel also what failed, as written —; the failures join the mandatory-field issues.
   * An unknown topic is 422 UNKNOWN_TOPIC here as in registration (the lookup is cached).
   */
  private async checkAttributes(draft: AppealDraft, keepInvalid = false): Promise<FieldError[]> {
    const topic = await this.placement.topic(draft.topicCode);
    const verdict = checkAttributes(topic?.attributes ?? [], draft.attributes);
    draft.attributes =
      isInteractiveChannel(draft.channel) && !keepInvalid
        ? verdict.values
        : { ...(verdict.invalid as Record<string, AttributeValue>), ...verdict.values };
    return verdict.issues;
  }

  private assertChannelAllowed(channel: Channel, ctx: RequestContext): void {
    const p = ctx.principal;
    // A key is scoped to its channels; staff register what the channel's descriptor names their roles for.
    const allowed =
      p.kind === 'client' ? p.channels.includes(channel) : staffMayRegister(p.roles, channel);
    if (!allowed) {
      throw new AppError(
        ErrorCode.CHANNEL_NOT_ALLOWED,
        `Регистрировать обращения канала «${channel}» вам не разрешено`,
      );
    }
  }

  private checkReceivedAt(receivedAt: string | null | undefined): FieldError[] {
    if (!receivedAt) return [];
    if (new Date(receivedAt).getTime() > this.clock.now().getTime() + FUTURE_TOLERANCE_MS) {
      return [
        {
          field: 'receivedAt',
          code: 'IN_FUTURE',
          message: 'Дата поступления не может быть в будущем',
        },
      ];
    }
    return [];
  }
}

/** 1–200 printable ASCII characters (SPEC §14); also for reception bookings (issue 22). */
export function checkIdempotencyKey(key: string): string {
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw AppError.validation([
      {
        field: 'Idempotency-Key',
        code: 'INVALID_FORMAT',
        message: 'Idempotency-Key: от 1 до 200 печатных ASCII-символов без пробелов',
      },
    ]);
  }
  return key;
}
