import { AppError } from './app-error';
import { ErrorCode } from './error-codes';

/**
 * Why a message from a channel (pushed or polled e-mail, a ГИС ЖКХ appeal) was not taken:
 * - `permanent`: a verdict on the message itself (unparseable, invalid, too large, a forbidden
 *   file): the same bytes can never be registered, so retrying is pointless;
 * - `caller`: the request's credentials or rights (a wrong key, a key without the channel): the
 *   push endpoint answers it as is, a poller retries it (an admin can fix the key);
 * - `transient`: anything else — the database away, a deadlock or serialization failure, a lock
 *   or statement timeout, a missing calendar year, a rate limit, shutdown, a bug — may succeed
 *   later, so it is retried. Registration is compulsory (59-ФЗ ст. 8 ч. 2): when in doubt, retry.
 */
export type IntakeFailureKind = 'permanent' | 'caller' | 'transient';

/** The kind of a thrown value; only an AppError with a verdict on the message is permanent. */
export function classifyIntakeFailure(e: unknown): IntakeFailureKind {
  return e instanceof AppError ? kindOfCode(e.code) : 'transient';
}

/** True only for a message that can never be registered (see IntakeFailureKind). */
export function isPermanentIntakeFailure(e: unknown): boolean {
  return classifyIntakeFailure(e) === 'permanent';
}

/**
 * What identifies a failure for a log or a record, never what the message said: the code (and
 * the failing fields' codes), a driver's SQLSTATE, or the error's name.
 */
export function intakeFailureSummary(e: unknown): string {
  if (e instanceof AppError) {
    const fields = (e.errors ?? []).map((f) => `${f.field}:${f.code}`);
    return fields.length > 0 ? `${e.code} (${fields.join(', ')})` : e.code;
  }
  if (!(e instanceof Error)) return 'unknown';
  // TypeORM wraps the driver's error; node-postgres and socket errors carry the code themselves.
  const { driverError, code } = e as { driverError?: { code?: unknown }; code?: unknown };
  const known = driverError?.code ?? code;
  return typeof known === 'string' ? `${e.name} ${known}` : e.name;
}

/**
 * Exhaustive on purpose: a new code must be placed on one side or the other. Transient besides
 * the obvious: a request not received whole in time (the same message may arrive next time),
 * reference data and state that change (a topic, a department, a number, a version), and a
 * missing calendar year (importing it lets the same message through).
 */
function kindOfCode(code: ErrorCode): IntakeFailureKind {
  switch (code) {
    case ErrorCode.VALIDATION_FAILED:
    case ErrorCode.BAD_REQUEST:
    case ErrorCode.MALFORMED_JSON:
    case ErrorCode.MALFORMED_MULTIPART:
    case ErrorCode.MALFORMED_REQUEST:
    case ErrorCode.HEADERS_TOO_LARGE:
    case ErrorCode.PAYLOAD_TOO_LARGE:
    case ErrorCode.UNSUPPORTED_MEDIA_TYPE:
    case ErrorCode.IDEMPOTENCY_KEY_REUSED:
    case ErrorCode.INVALID_CURSOR:
    case ErrorCode.ATTACHMENT_TOO_LARGE:
    case ErrorCode.ATTACHMENT_LIMIT_EXCEEDED:
    case ErrorCode.ATTACHMENT_TYPE_NOT_ALLOWED:
    case ErrorCode.ATTACHMENT_EMPTY:
    case ErrorCode.ATTACHMENT_NAME_INVALID:
      return 'permanent';
    case ErrorCode.UNAUTHENTICATED:
    case ErrorCode.INVALID_CREDENTIALS:
    case ErrorCode.FORBIDDEN:
    case ErrorCode.CHANNEL_NOT_ALLOWED:
      return 'caller';
    case ErrorCode.REQUEST_TIMEOUT:
    case ErrorCode.NOT_FOUND:
    case ErrorCode.APPEAL_NOT_FOUND:
    case ErrorCode.USER_NOT_FOUND:
    case ErrorCode.DEPARTMENT_NOT_FOUND:
    case ErrorCode.TOPIC_NOT_FOUND:
    case ErrorCode.API_KEY_NOT_FOUND:
    case ErrorCode.ABUSIVE_TERM_NOT_FOUND:
    case ErrorCode.SLA_POLICY_NOT_FOUND:
    case ErrorCode.ANSWER_TEMPLATE_NOT_FOUND:
    case ErrorCode.ORGANIZATION_NOT_FOUND:
    case ErrorCode.GIS_ORGANIZATION_NOT_FOUND:
    case ErrorCode.GIS_ZHKH_UNAVAILABLE:
    case ErrorCode.LOGIN_TAKEN:
    case ErrorCode.DEPARTMENT_CODE_TAKEN:
    case ErrorCode.TOPIC_CODE_TAKEN:
    case ErrorCode.REG_NUMBER_TAKEN:
    case ErrorCode.ABUSIVE_TERM_EXISTS:
    case ErrorCode.INVALID_TRANSITION:
    case ErrorCode.CRIME_REPORT_NOT_ALLOWED:
    case ErrorCode.EXTENSION_TOO_LATE:
    case ErrorCode.EXTENSION_LIMIT_EXCEEDED:
    case ErrorCode.EXTENSION_NOT_ALLOWED:
    case ErrorCode.EXTENSION_NOT_FOUND:
    case ErrorCode.EXTENSION_ALREADY_PENDING:
    case ErrorCode.JOB_ALREADY_RUNNING:
    case ErrorCode.JOB_NOT_FOUND:
    case ErrorCode.GIS_OUTBOX_NOT_FOUND:
    case ErrorCode.GIS_OUTBOX_NOT_RELEASABLE:
    case ErrorCode.SCHEDULE_NOT_FOUND:
    case ErrorCode.SCHEDULE_OVERLAP:
    case ErrorCode.SLOT_NOT_FOUND:
    case ErrorCode.SLOT_IN_PAST:
    case ErrorCode.SLOT_AUDIENCE_MISMATCH:
    case ErrorCode.SLOT_TOPIC_MISMATCH:
    case ErrorCode.SLOT_TAKEN:
    case ErrorCode.BOOKING_NOT_FOUND:
    case ErrorCode.BOOKING_LIMIT_EXCEEDED:
    case ErrorCode.BOOKING_NOT_ACTIVE:
    case ErrorCode.ATTACHMENT_NOT_FOUND:
    case ErrorCode.PRECONDITION_FAILED:
    case ErrorCode.CALENDAR_YEAR_MISSING:
    case ErrorCode.RATE_LIMITED:
    case ErrorCode.SERVICE_UNAVAILABLE:
    case ErrorCode.INTERNAL_ERROR:
      return 'transient';
    default: {
      const unreachable: never = code;
      throw new Error(`Unclassified error code ${String(unreachable)}`);
    }
  }
}
