import type { Request } from 'express';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { IncomingFile } from './attachments.service';

/**
 * A request's JSON: the body as is, or — multipart/form-data — the JSON in the text part `part`
 * with files in parts `files` (as POST /appeals takes an appeal, POST …/answer an answer).
 * Anything else is refused: an unknown part (422), a part that is not JSON (400), another type
 * (415).
 */
export function jsonPayload(
  req: Request,
  files: (IncomingFile & { fieldname?: string })[],
  part: string,
  what: string,
  /** The name of the file parts (`recording` for POST /intake/calls, issue 23). */
  filePart = 'files',
): unknown {
  if (req.is('multipart/form-data')) {
    const wrong = files.find((f) => f.fieldname !== filePart);
    if (wrong) {
      throw AppError.validation([
        {
          field: String(wrong.fieldname),
          code: 'UNKNOWN_FIELD',
          message: `Файлы передаются в частях с именем ${filePart}`,
        },
      ]);
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const extra = Object.keys(body).filter((k) => k !== part);
    if (extra.length > 0) {
      throw AppError.validation(
        extra.map((k) => ({
          field: k,
          code: 'UNKNOWN_FIELD',
          message: 'Неизвестная часть multipart-запроса',
        })),
      );
    }
    if (typeof body[part] !== 'string') {
      throw AppError.validation([
        { field: part, code: 'REQUIRED', message: `Нужна часть ${part} с JSON ${what}` },
      ]);
    }
    try {
      return JSON.parse(body[part]) as unknown;
    } catch {
      throw new AppError(ErrorCode.MALFORMED_JSON, `Часть ${part} не является корректным JSON`);
    }
  }
  if (!req.is('application/json')) {
    throw new AppError(
      ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      'Пришлите application/json или multipart/form-data',
    );
  }
  return req.body as unknown;
}
