import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The optional body of PUT and DELETE /appeals/{id}/legal-review: why, for the history. */
export class LegalReviewDto {
  @ApiPropertyOptional({
    example: 'В обращении сведения о сотруднике, которые могут быть заведомо ложными',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
