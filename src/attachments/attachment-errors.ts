import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { ALLOWED_TYPES_TEXT } from './content-sniffing';

// The file's name goes to the caller (who sent it), never to the logs.

export const typeNotAllowed = (fileName: string): AppError =>
  new AppError(
    ErrorCode.ATTACHMENT_TYPE_NOT_ALLOWED,
    `Файл «${fileName}» не принят: по содержимому это не ${ALLOWED_TYPES_TEXT}`,
    undefined,
    { fileName },
  );

/** The name goes back in `fileName` (JSON-escaped), cut short: it may be anything. */
export const invalidFileName = (fileName: string, why: string): AppError =>
  new AppError(ErrorCode.ATTACHMENT_NAME_INVALID, `${why}: файл не принят`, undefined, {
    fileName: [...fileName].slice(0, 300).join(''),
  });

export const emptyFile = (fileName: string): AppError =>
  new AppError(ErrorCode.ATTACHMENT_EMPTY, `Файл «${fileName}» пуст`, undefined, { fileName });

export const fileTooLarge = (fileName: string | undefined, maxBytes: number): AppError =>
  new AppError(
    ErrorCode.ATTACHMENT_TOO_LARGE,
    `${fileName ? `Файл «${fileName}»` : 'Файл'} больше допустимых ${formatBytes(maxBytes)}`,
    undefined,
    { ...(fileName ? { fileName } : {}), maxBytes },
  );

export const tooManyFiles = (maxFiles: number, existing: number): AppError =>
  new AppError(
    ErrorCode.ATTACHMENT_LIMIT_EXCEEDED,
    existing > 0
      ? `У обращения может быть не больше ${maxFiles} файлов; уже приложено ${existing}, можно добавить ещё ${Math.max(0, maxFiles - existing)}`
      : `У обращения может быть не больше ${maxFiles} файлов`,
    undefined,
    { maxFiles },
  );

function formatBytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} МиБ`;
  if (n % 1024 === 0) return `${n / 1024} КиБ`;
  return `${n} байт`;
}
