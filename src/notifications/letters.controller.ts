import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { CurrentPrincipal, Roles } from '../common/auth/auth.decorators';
import type { StaffPrincipal } from '../common/auth/principal';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiItems, ApiProblems } from '../common/http/openapi';
import { ListQueryDto } from '../common/http/pagination';
import { LetterDto } from './letter.dto';
import { UuidPipe } from '../common/http/uuid.pipe';
import { LettersService } from './letters.service';
import type { OutgoingLetter } from './outgoing-letter.entity';

class LettersQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'false: the print queue' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  printed?: boolean;
}

const toLetterDto = (l: OutgoingLetter) => ({
  id: l.id,
  number: l.number,
  appealId: l.appealId,
  address: l.address,
  subject: l.subject,
  body: l.body,
  createdAt: l.createdAt.toISOString(),
  printedAt: l.printedAt ? l.printedAt.toISOString() : null,
});

/**
 * Outgoing letters for post/office answers and notices, listed for printing: to each caller only
 * those of the appeals they see.
 */
@ApiTags('letters')
@ApiBearerAuth()
@Roles('clerk', 'head', 'supervisor', 'admin')
@Controller('outgoing-letters')
export class LettersController {
  constructor(private readonly letters: LettersService) {}

  @Get()
  @ApiItems(LetterDto, { paged: true })
  async list(
    @Query() q: LettersQueryDto,
    @CurrentPrincipal() user: StaffPrincipal,
  ): Promise<{ items: ReturnType<typeof toLetterDto>[]; nextCursor: string | null }> {
    const page = await this.letters.list(user, q.printed, q.limit, q.cursor);
    return { items: page.items.map(toLetterDto), nextCursor: page.nextCursor };
  }

  @Post(':id/printed')
  @HttpCode(200)
  @ApiOkResponse({ type: LetterDto })
  @ApiProblems(ErrorCode.NOT_FOUND)
  async printed(
    @Param('id', UuidPipe) id: string,
    @CurrentPrincipal() user: StaffPrincipal,
  ): Promise<ReturnType<typeof toLetterDto>> {
    return toLetterDto(await this.letters.markPrinted(id, user));
  }
}
