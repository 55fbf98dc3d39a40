import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { AppealNote } from '../appeals/appeal-note.entity';

/** At most this many characters in a note: a page or so of internal remarks. */
export const NOTE_MAX_LENGTH = 10_000;

/** The body of POST /appeals/{id}/notes. */
export class CreateNoteDto {
  @ApiProperty({
    minLength: 1,
    maxLength: NOTE_MAX_LENGTH,
    description: 'trimmed; blank is 422 REQUIRED',
    example: 'Заявитель звонил 14.04: просит ответ направить также по e-mail',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty({ message: 'Введите текст заметки' })
  @MaxLength(NOTE_MAX_LENGTH, { message: `Заметка длиннее ${NOTE_MAX_LENGTH} символов` })
  text: string;
}

/** An internal note: staff only, never sent to the applicant. */
export class NoteDto {
  @ApiProperty({ description: 'increasing: later notes have larger ids', example: '42' })
  id: string;
  @ApiProperty() appealId: string;
  @ApiProperty({ description: 'the staff member who wrote it' }) authorUserId: string;
  @ApiProperty({ description: 'their full name' }) authorName: string;
  @ApiProperty() text: string;
  @ApiProperty() createdAt: string;
}

export const toNoteDto = (n: AppealNote, authorName: string): NoteDto => ({
  id: n.id,
  appealId: n.appealId,
  authorUserId: n.authorUserId,
  authorName,
  text: n.text,
  createdAt: n.createdAt.toISOString(),
});
