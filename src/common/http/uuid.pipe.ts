import { Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { AppError } from '../errors/app-error';

/** Path ids must be UUIDs; anything else is a 422 naming the parameter. */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string, meta: { data?: string }): string {
    if (isUUID(value)) return value;
    const field = meta.data ?? 'id';
    throw AppError.validation([
      { field, code: 'INVALID_UUID', message: 'Ожидается идентификатор UUID' },
    ]);
  }
}
