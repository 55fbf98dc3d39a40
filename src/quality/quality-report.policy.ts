import type { FieldError } from '../common/errors/app-error';
import type { AppealKind } from '../sla/sla-policy.entity';

/**
 * Utility-quality violation reports (ПП 354 п. 105–113, issue 23): the pure rules. A consumer
 * may report a violation orally or by phone to the emergency dispatch service (п. 105–106); an
 * inspection is agreed, by default within 2 hours of the report (п. 108); it ends with an act
 * (п. 109–110) whose violation period is what the bill is recalculated for (п. 111–113).
 */

/** The utility services of ПП 354 (п. 4): the report names one. */
export const QUALITY_SERVICES = [
  'cold_water',
  'hot_water',
  'heating',
  'sewerage',
  'electricity',
  'gas',
  'waste',
] as const;
export type QualityService = (typeof QUALITY_SERVICES)[number];

/** Russian labels, as the report's «Услуга» column shows them. */
export const QUALITY_SERVICE_LABELS: Record<QualityService, string> = {
  cold_water: 'Холодное водоснабжение',
  hot_water: 'Горячее водоснабжение',
  heating: 'Отопление',
  sewerage: 'Водоотведение',
  electricity: 'Электроснабжение',
  gas: 'Газоснабжение',
  waste: 'Обращение с ТКО',
};

/** What the consumer reports (the create body's `qualityReport`). */
export interface QualityReportInput {
  service: QualityService;
  startedAt: string;
  description?: string | null;
}

/** The inspection act (ПП 354 п. 109–110), as stored on the appeal. */
export interface InspectionAct {
  inspectedAt: string;
  participants: string[];
  violationConfirmed: boolean;
  violationStartedAt: string | null;
  violationEndedAt: string | null;
  findings: string;
  recordedBy: string | null;
  recordedAt: string;
}

/** The time agreed with the consumer instead of the default (ПП 354 п. 108). */
export interface AgreedInspection {
  agreedFor: string;
  agreedWith: string;
  agreedBy: string | null;
  agreedAt: string;
}

/** The appeal's `quality_report` column. */
export interface QualityReport {
  service: QualityService;
  startedAt: string;
  description: string | null;
  agreed: AgreedInspection | null;
  act: InspectionAct | null;
}

/**
 * What was reported as the appeal stores it: the start as an instant in UTC, the description
 * trimmed (blank: none). Correcting a report (PATCH /appeals/{id}) changes what the consumer
 * said and keeps what was done about it since: the agreed time and the act stay.
 */
export function toQualityReport(
  input: QualityReportInput,
  current: QualityReport | null = null,
): QualityReport {
  return {
    service: input.service,
    startedAt: new Date(input.startedAt).toISOString(),
    description: input.description?.trim() || null,
    agreed: current?.agreed ?? null,
    act: current?.act ?? null,
  };
}

const HOUR_MS = 3_600_000;

/** ПП 354 п. 108: the inspection is due `hours` after the report's registration, day or night. */
export function inspectionDueAt(registeredAt: Date, hours: number): Date {
  return new Date(registeredAt.getTime() + hours * HOUR_MS);
}

/** The violation's duration in hours (to a hundredth); null while it has not ended. */
export function violationHours(startedAt: string | null, endedAt: string | null): number | null {
  if (!startedAt || !endedAt) return null;
  const ms = new Date(endedAt).getTime() - new Date(startedAt).getTime();
  return Math.round((ms / HOUR_MS) * 100) / 100;
}

type ActTimes = Pick<
  InspectionAct,
  'inspectedAt' | 'violationConfirmed' | 'violationStartedAt' | 'violationEndedAt'
>;

/**
 * An act's times in order: the inspection follows the report (it inspects what was reported),
 * the violation ends after it began, and a confirmed one says when it began (п. 110: the act
 * records the start and end of the violation; the recalculation runs from it).
 */
export function checkInspectionAct(act: ActTimes, registeredAt: Date): FieldError[] {
  const errors: FieldError[] = [];
  if (new Date(act.inspectedAt).getTime() < registeredAt.getTime()) {
    errors.push({
      field: 'inspectedAt',
      code: 'BEFORE_REPORT',
      message: 'Проверка не может быть раньше регистрации сообщения о нарушении',
    });
  }
  if (act.violationConfirmed && !act.violationStartedAt) {
    errors.push({
      field: 'violationStartedAt',
      code: 'REQUIRED',
      message: 'Укажите начало подтверждённого нарушения',
    });
  }
  if (
    act.violationStartedAt &&
    act.violationEndedAt &&
    new Date(act.violationEndedAt).getTime() < new Date(act.violationStartedAt).getTime()
  ) {
    errors.push({
      field: 'violationEndedAt',
      code: 'BEFORE_START',
      message: 'Окончание нарушения не может быть раньше его начала',
    });
  }
  return errors;
}

/** ПП 354 п. 108: the agreed inspection time follows the report it inspects. */
export function checkAgreedTime(agreedFor: string, registeredAt: Date): FieldError[] {
  return new Date(agreedFor).getTime() <= registeredAt.getTime()
    ? [
        {
          field: 'agreedFor',
          code: 'BEFORE_REPORT',
          message: 'Время проверки должно быть позже регистрации сообщения о нарушении',
        },
      ]
    : [];
}

/**
 * `qualityReport` belongs to the kind `quality_report` and only to it. On another kind it is a
 * structural error (422 on every channel); missing on that kind it is a gap like a mandatory
 * field: 422 on an interactive channel, a validationIssue on one that physically arrived.
 */
export function checkQualityReportFor(
  kind: AppealKind,
  report: QualityReportInput | null | undefined,
): { structural: FieldError[]; gaps: FieldError[] } {
  if (kind !== 'quality_report') {
    return {
      structural: report
        ? [
            {
              field: 'qualityReport',
              code: 'NOT_ALLOWED',
              message: 'Сведения о нарушении качества допустимы только для вида quality_report',
            },
          ]
        : [],
      gaps: [],
    };
  }
  return {
    structural: [],
    gaps: report
      ? []
      : [
          {
            field: 'qualityReport',
            code: 'REQUIRED',
            message: 'Укажите услугу и время начала нарушения качества',
          },
        ],
  };
}

/** «06.04.2026 12:00» in the zone: how a notice and a report show a due time. */
export function localDateTimeText(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('ru-RU', {
      timeZone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute}`;
}
