import { ApiProperty } from '@nestjs/swagger';

/** An outgoing paper letter (answer or notice) to print and post. */
export class LetterDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ИСХ-2026-000002' }) number: string;
  @ApiProperty({ format: 'uuid' }) appealId: string;
  @ApiProperty({ description: 'the postal address' }) address: string;
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'null: still to print' })
  printedAt: string | null;
}
