/** Stable error codes of the API. Clients switch on these; never rename one. */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  BAD_REQUEST = 'BAD_REQUEST',
  MALFORMED_JSON = 'MALFORMED_JSON',
  MALFORMED_MULTIPART = 'MALFORMED_MULTIPART',
  MALFORMED_REQUEST = 'MALFORMED_REQUEST',
  HEADERS_TOO_LARGE = 'HEADERS_TOO_LARGE',
  REQUEST_TIMEOUT = 'REQUEST_TIMEOUT',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  FORBIDDEN = 'FORBIDDEN',
  CHANNEL_NOT_ALLOWED = 'CHANNEL_NOT_ALLOWED',
  NOT_FOUND = 'NOT_FOUND',
  APPEAL_NOT_FOUND = 'APPEAL_NOT_FOUND',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  DEPARTMENT_NOT_FOUND = 'DEPARTMENT_NOT_FOUND',
  TOPIC_NOT_FOUND = 'TOPIC_NOT_FOUND',
  API_KEY_NOT_FOUND = 'API_KEY_NOT_FOUND',
  ABUSIVE_TERM_NOT_FOUND = 'ABUSIVE_TERM_NOT_FOUND',
  SLA_POLICY_NOT_FOUND = 'SLA_POLICY_NOT_FOUND',
  ANSWER_TEMPLATE_NOT_FOUND = 'ANSWER_TEMPLATE_NOT_FOUND',
  ORGANIZATION_NOT_FOUND = 'ORGANIZATION_NOT_FOUND',
  GIS_ORGANIZATION_NOT_FOUND = 'GIS_ORGANIZATION_NOT_FOUND',
  GIS_ZHKH_UNAVAILABLE = 'GIS_ZHKH_UNAVAILABLE',
  LOGIN_TAKEN = 'LOGIN_TAKEN',
  DEPARTMENT_CODE_TAKEN = 'DEPARTMENT_CODE_TAKEN',
  TOPIC_CODE_TAKEN = 'TOPIC_CODE_TAKEN',
  REG_NUMBER_TAKEN = 'REG_NUMBER_TAKEN',
  ABUSIVE_TERM_EXISTS = 'ABUSIVE_TERM_EXISTS',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  CRIME_REPORT_NOT_ALLOWED = 'CRIME_REPORT_NOT_ALLOWED',
  EXTENSION_TOO_LATE = 'EXTENSION_TOO_LATE',
  EXTENSION_LIMIT_EXCEEDED = 'EXTENSION_LIMIT_EXCEEDED',
  EXTENSION_NOT_ALLOWED = 'EXTENSION_NOT_ALLOWED',
  EXTENSION_NOT_FOUND = 'EXTENSION_NOT_FOUND',
  EXTENSION_ALREADY_PENDING = 'EXTENSION_ALREADY_PENDING',
  JOB_ALREADY_RUNNING = 'JOB_ALREADY_RUNNING',
  JOB_NOT_FOUND = 'JOB_NOT_FOUND',
  GIS_OUTBOX_NOT_FOUND = 'GIS_OUTBOX_NOT_FOUND',
  GIS_OUTBOX_NOT_RELEASABLE = 'GIS_OUTBOX_NOT_RELEASABLE',
  SCHEDULE_NOT_FOUND = 'SCHEDULE_NOT_FOUND',
  SCHEDULE_OVERLAP = 'SCHEDULE_OVERLAP',
  SLOT_NOT_FOUND = 'SLOT_NOT_FOUND',
  SLOT_IN_PAST = 'SLOT_IN_PAST',
  SLOT_AUDIENCE_MISMATCH = 'SLOT_AUDIENCE_MISMATCH',
  SLOT_TOPIC_MISMATCH = 'SLOT_TOPIC_MISMATCH',
  SLOT_TAKEN = 'SLOT_TAKEN',
  BOOKING_NOT_FOUND = 'BOOKING_NOT_FOUND',
  BOOKING_LIMIT_EXCEEDED = 'BOOKING_LIMIT_EXCEEDED',
  BOOKING_NOT_ACTIVE = 'BOOKING_NOT_ACTIVE',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  ATTACHMENT_NOT_FOUND = 'ATTACHMENT_NOT_FOUND',
  ATTACHMENT_TOO_LARGE = 'ATTACHMENT_TOO_LARGE',
  ATTACHMENT_LIMIT_EXCEEDED = 'ATTACHMENT_LIMIT_EXCEEDED',
  ATTACHMENT_TYPE_NOT_ALLOWED = 'ATTACHMENT_TYPE_NOT_ALLOWED',
  ATTACHMENT_EMPTY = 'ATTACHMENT_EMPTY',
  ATTACHMENT_NAME_INVALID = 'ATTACHMENT_NAME_INVALID',
  PRECONDITION_FAILED = 'PRECONDITION_FAILED',
  CALENDAR_YEAR_MISSING = 'CALENDAR_YEAR_MISSING',
  INVALID_CURSOR = 'INVALID_CURSOR',
  RATE_LIMITED = 'RATE_LIMITED',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_ERROR = 'INTERNAL_ERROR',
}

/** HTTP status and default Russian title of each code; the switch is exhaustive on purpose. */
export function describeErrorCode(code: ErrorCode): { status: number; title: string } {
  switch (code) {
    case ErrorCode.VALIDATION_FAILED:
      return { status: 422, title: 'Данные запроса не прошли проверку' };
    case ErrorCode.BAD_REQUEST:
      return { status: 400, title: 'Некорректный запрос' };
    case ErrorCode.MALFORMED_JSON:
      return { status: 400, title: 'Тело запроса не является корректным JSON' };
    case ErrorCode.MALFORMED_MULTIPART:
      return { status: 400, title: 'Некорректное multipart-тело запроса' };
    case ErrorCode.MALFORMED_REQUEST:
      return { status: 400, title: 'Запрос не соответствует протоколу HTTP' };
    case ErrorCode.HEADERS_TOO_LARGE:
      return { status: 431, title: 'Заголовки запроса слишком велики' };
    case ErrorCode.REQUEST_TIMEOUT:
      return { status: 408, title: 'Запрос не получен полностью за отведённое время' };
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return { status: 413, title: 'Тело запроса слишком велико' };
    case ErrorCode.UNSUPPORTED_MEDIA_TYPE:
      return { status: 415, title: 'Неподдерживаемый тип содержимого' };
    case ErrorCode.UNAUTHENTICATED:
      return { status: 401, title: 'Требуется аутентификация' };
    case ErrorCode.INVALID_CREDENTIALS:
      return { status: 401, title: 'Неверный логин или пароль' };
    case ErrorCode.FORBIDDEN:
      return { status: 403, title: 'Недостаточно прав' };
    case ErrorCode.CHANNEL_NOT_ALLOWED:
      return { status: 403, title: 'Этот канал поступления вам не разрешён' };
    case ErrorCode.NOT_FOUND:
      return { status: 404, title: 'Ресурс не найден' };
    case ErrorCode.APPEAL_NOT_FOUND:
      return { status: 404, title: 'Обращение не найдено' };
    case ErrorCode.USER_NOT_FOUND:
      return { status: 404, title: 'Пользователь не найден' };
    case ErrorCode.DEPARTMENT_NOT_FOUND:
      return { status: 404, title: 'Подразделение не найдено' };
    case ErrorCode.TOPIC_NOT_FOUND:
      return { status: 404, title: 'Тематика не найдена' };
    case ErrorCode.API_KEY_NOT_FOUND:
      return { status: 404, title: 'API-ключ не найден' };
    case ErrorCode.ABUSIVE_TERM_NOT_FOUND:
      return { status: 404, title: 'Слово не найдено в списках' };
    case ErrorCode.SLA_POLICY_NOT_FOUND:
      return { status: 404, title: 'Политика сроков не найдена' };
    case ErrorCode.ANSWER_TEMPLATE_NOT_FOUND:
      return { status: 404, title: 'Шаблон ответа не найден' };
    case ErrorCode.ORGANIZATION_NOT_FOUND:
      return { status: 404, title: 'Организация не найдена' };
    case ErrorCode.GIS_ORGANIZATION_NOT_FOUND:
      return { status: 404, title: 'Организация не найдена в реестре организаций ГИС ЖКХ' };
    case ErrorCode.GIS_ZHKH_UNAVAILABLE:
      return { status: 503, title: 'ГИС ЖКХ недоступна или не настроена, повторите позже' };
    case ErrorCode.LOGIN_TAKEN:
      return { status: 409, title: 'Логин уже занят' };
    case ErrorCode.DEPARTMENT_CODE_TAKEN:
      return { status: 409, title: 'Подразделение с таким кодом уже существует' };
    case ErrorCode.TOPIC_CODE_TAKEN:
      return { status: 409, title: 'Тематика с таким кодом уже существует' };
    case ErrorCode.REG_NUMBER_TAKEN:
      return { status: 409, title: 'Регистрационный номер уже занят' };
    case ErrorCode.ABUSIVE_TERM_EXISTS:
      return { status: 409, title: 'Это слово уже есть в списке разрешённых или запрещённых' };
    case ErrorCode.INVALID_TRANSITION:
      return { status: 409, title: 'Недопустимый переход статуса' };
    case ErrorCode.CRIME_REPORT_NOT_ALLOWED:
      return {
        status: 409,
        title: 'Направить в государственный орган можно только анонимное обращение, один раз',
      };
    case ErrorCode.EXTENSION_TOO_LATE:
      return { status: 422, title: 'Срок рассмотрения уже истёк, продлить его нельзя' };
    case ErrorCode.EXTENSION_LIMIT_EXCEEDED:
      return { status: 422, title: 'Превышен предельный срок продления' };
    case ErrorCode.EXTENSION_NOT_ALLOWED:
      return { status: 422, title: 'Продление срока для обращений этого вида не предусмотрено' };
    case ErrorCode.EXTENSION_NOT_FOUND:
      return { status: 404, title: 'Запрос на продление не найден' };
    case ErrorCode.EXTENSION_ALREADY_PENDING:
      return { status: 409, title: 'Запрос на продление уже ожидает решения' };
    case ErrorCode.JOB_ALREADY_RUNNING:
      return { status: 409, title: 'Задание уже выполняется на другом экземпляре' };
    case ErrorCode.JOB_NOT_FOUND:
      return { status: 404, title: 'Такого задания нет' };
    case ErrorCode.GIS_OUTBOX_NOT_FOUND:
      return { status: 404, title: 'Действие для ГИС ЖКХ не найдено' };
    case ErrorCode.GIS_OUTBOX_NOT_RELEASABLE:
      return {
        status: 409,
        title: 'Вернуть в очередь можно только задержанное или неудавшееся действие',
      };
    case ErrorCode.SCHEDULE_NOT_FOUND:
      return { status: 404, title: 'График приёма не найден' };
    case ErrorCode.SCHEDULE_OVERLAP:
      return {
        status: 422,
        title: 'График пересекается с другим графиком приёма того же должностного лица',
      };
    case ErrorCode.SLOT_NOT_FOUND:
      return { status: 404, title: 'Такого времени приёма нет в графике' };
    case ErrorCode.SLOT_IN_PAST:
      return { status: 422, title: 'Время приёма уже прошло' };
    case ErrorCode.SLOT_AUDIENCE_MISMATCH:
      return { status: 422, title: 'Этот приём предназначен для заявителей другой категории' };
    case ErrorCode.SLOT_TOPIC_MISMATCH:
      return { status: 422, title: 'На этом приёме не рассматривают вопросы этой тематики' };
    case ErrorCode.SLOT_TAKEN:
      return { status: 409, title: 'Это время приёма уже занято' };
    case ErrorCode.BOOKING_NOT_FOUND:
      return { status: 404, title: 'Запись на приём не найдена' };
    case ErrorCode.BOOKING_LIMIT_EXCEEDED:
      return {
        status: 422,
        title: 'У заявителя уже есть предельное число активных записей на приём',
      };
    case ErrorCode.BOOKING_NOT_ACTIVE:
      return { status: 409, title: 'Запись на приём уже отменена или приём уже проведён' };
    case ErrorCode.IDEMPOTENCY_KEY_REUSED:
      return { status: 422, title: 'Ключ идемпотентности уже использован с другим запросом' };
    case ErrorCode.ATTACHMENT_NOT_FOUND:
      return { status: 404, title: 'Файл не найден' };
    case ErrorCode.ATTACHMENT_TOO_LARGE:
      return { status: 413, title: 'Файл больше допустимого размера' };
    case ErrorCode.ATTACHMENT_LIMIT_EXCEEDED:
      return { status: 422, title: 'Превышено допустимое число файлов обращения' };
    case ErrorCode.ATTACHMENT_TYPE_NOT_ALLOWED:
      return { status: 422, title: 'Недопустимый тип файла' };
    case ErrorCode.ATTACHMENT_EMPTY:
      return { status: 422, title: 'Пустой файл' };
    case ErrorCode.ATTACHMENT_NAME_INVALID:
      return { status: 422, title: 'Недопустимое имя файла' };
    case ErrorCode.PRECONDITION_FAILED:
      return { status: 412, title: 'Обращение изменено другим пользователем' };
    case ErrorCode.CALENDAR_YEAR_MISSING:
      return { status: 422, title: 'Производственный календарь на нужный год не загружен' };
    case ErrorCode.INVALID_CURSOR:
      return { status: 422, title: 'Некорректный курсор постраничного вывода' };
    case ErrorCode.RATE_LIMITED:
      return { status: 429, title: 'Слишком много запросов, повторите позже' };
    case ErrorCode.SERVICE_UNAVAILABLE:
      return { status: 503, title: 'Сервис временно недоступен' };
    case ErrorCode.INTERNAL_ERROR:
      return { status: 500, title: 'Внутренняя ошибка сервера' };
    default: {
      const unreachable: never = code;
      throw new Error(`Unmapped error code ${String(unreachable)}`);
    }
  }
}
