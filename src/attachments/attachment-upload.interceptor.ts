import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
} from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { Observable, catchError, concatMap, from, map, throwError } from 'rxjs';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { MAX_JSON_DEPTH, jsonDepthExceeds, tooDeep } from '../common/http/json-limits';
import { Clock } from '../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { fileTooLarge, tooManyFiles } from './attachment-errors';
import { AttachmentsService, STAGING_TTL_MS, type IncomingFile } from './attachments.service';
import { ChunkedStorageEngine } from './chunked-storage.engine';
import {
  MultipartPartCounter,
  countFieldValues,
  multipartBoundary,
} from './multipart-part-counter';

/**
 * Receives a multipart request's files into staging rows (ChunkedStorageEngine) before the
 * handler runs, and afterwards deletes whatever the handler did not link to an appeal — a failed
 * or replayed registration, an error half-way — so a request leaves no upload behind. The files
 * reach the handler as `@UploadedFiles()`; limits come from config (SPEC §9).
 */
@Injectable()
export class AttachmentUploadInterceptor implements NestInterceptor {
  private readonly logger = new Logger(AttachmentUploadInterceptor.name);
  private readonly upload: RequestHandler;

  constructor(
    private readonly attachments: AttachmentsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    const { maxFileBytes } = config.attachments;
    const { maxFiles, formats } = this.profile(config);
    this.upload = multer({
      storage: new ChunkedStorageEngine(attachments, formats),
      limits: {
        fileSize: maxFileBytes,
        files: maxFiles,
        fields: 5,
        fieldSize: FIELD_MAX_BYTES,
        parts: maxFiles + 5,
      },
      defParamCharset: 'utf8',
      // The name as sent, path and all, so that ChunkedStorageEngine can refuse it; without this
      // busboy would quietly keep only what follows the last / or \.
      preservePath: true,
    }).any();
  }

  /**
   * What this upload takes: SPEC §9's formats and up to ATTACHMENT_MAX_FILES files here; a
   * subclass narrows it (a call's one recording, RecordingUploadInterceptor, issue 23).
   * Called from the constructor: it may read only its argument.
   */
  protected profile(config: AppConfig): {
    maxFiles: number;
    formats?: ConstructorParameters<typeof ChunkedStorageEngine>[1];
  } {
    return { maxFiles: config.attachments.maxFiles };
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (!req.is('multipart/form-data')) return next.handle();
    // Belt and braces: uploads left by an instance that died half-way. Indexed, usually empty.
    await this.attachments.deleteStaleStaging(
      new Date(this.clock.now().getTime() - STAGING_TTL_MS),
    );
    const boundary = multipartBoundary(req.headers['content-type']);
    // Tapped in the same tick as multer pipes the request, so both see every byte.
    const counter = boundary ? MultipartPartCounter.tap(req, boundary) : null;
    await new Promise<void>((resolve, reject) =>
      this.upload(req, res, (err?: unknown) => (err ? reject(this.toAppError(err)) : resolve())),
    );
    const files = (req.files ?? []) as IncomingFile[];
    const ids = files.map((f) => f.stagingId).filter((id): id is string => typeof id === 'string');
    const skipped = counter ? counter.parts - files.length - countFieldValues(req.body) : 0;
    const badField =
      skipped > 0
        ? new AppError(
            ErrorCode.MALFORMED_MULTIPART,
            'Заголовок Content-Disposition части multipart-запроса не удалось прочитать ' +
              "(имя в filename* кодируется по RFC 8187: UTF-8''%D0%A1%D0%BA…)",
          )
        : textFieldProblem(req.body);
    if (badField) {
      await this.attachments.discard(ids).catch(() => undefined);
      throw badField;
    }
    if (ids.length === 0) return next.handle();
    const cleanUp = (): Observable<void> =>
      from(
        this.attachments.discard(ids).catch((e: unknown) => {
          // The stale sweep gets them later.
          this.logger.warn({ ids, err: (e as Error).message }, 'Could not discard staged uploads');
        }),
      );
    return next.handle().pipe(
      concatMap((result: unknown) => cleanUp().pipe(map(() => result))),
      catchError((e: unknown) => cleanUp().pipe(concatMap(() => throwError(() => e)))),
    );
  }

  /** multer's and the parser's errors as the API's stable codes. */
  private toAppError(err: unknown): Error {
    if (err instanceof AppError) return err;
    if (err instanceof multer.MulterError) {
      switch (err.code) {
        case 'LIMIT_FILE_SIZE':
          return fileTooLarge(
            (err as { filename?: string }).filename,
            this.config.attachments.maxFileBytes,
          );
        case 'LIMIT_FILE_COUNT':
          return tooManyFiles(this.profile(this.config).maxFiles, 0);
        case 'LIMIT_FIELD_VALUE':
          return new AppError(
            ErrorCode.PAYLOAD_TOO_LARGE,
            `Текстовая часть multipart-запроса (${String(err.field)}) больше ${FIELD_MAX_BYTES / (1024 * 1024)} МиБ`,
          );
        default:
          // The problem filter names multer's messages in Russian (MALFORMED_MULTIPART).
          return new BadRequestException(err.message);
      }
    }
    if (err instanceof Error && PARSER_ERROR.test(err.message)) {
      return new BadRequestException(
        err.message.startsWith('Multipart:') ? err.message : `Multipart: ${err.message}`,
      );
    }
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** The JSON of part `appeal` is far smaller than this; the limit only bounds memory. */
const FIELD_MAX_BYTES = 2 * 1024 * 1024;

/**
 * Text parts are decoded by busboy before anyone sees them, invalid UTF-8 becoming U+FFFD: the
 * sender's bytes are lost, so the part is refused rather than stored mangled (a JSON body is
 * checked byte by byte in configureHttp). Deep nesting is refused before JSON.parse and the
 * validator ever walk it.
 */
function textFieldProblem(body: unknown): AppError | null {
  if (typeof body !== 'object' || body === null) return null;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value !== 'string') continue;
    if (value.includes('\uFFFD')) {
      return new AppError(
        ErrorCode.MALFORMED_JSON,
        `Часть ${name} multipart-запроса не в кодировке UTF-8 (или укажите charset части)`,
      );
    }
    if (jsonDepthExceeds(value, MAX_JSON_DEPTH)) return tooDeep(name);
  }
  return null;
}

// busboy's messages for a broken body and multer's for a request that went away.
const PARSER_ERROR = /^(Unexpected end of|Malformed |Multipart: |Request (aborted|closed|error))/;
