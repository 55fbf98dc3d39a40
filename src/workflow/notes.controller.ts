import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiItems, ApiProblems } from '../common/http/openapi';
import { ListQueryDto, type Page } from '../common/http/pagination';
import { Ctx, type RequestContext } from '../common/http/request-context';
import { UuidPipe } from '../common/http/uuid.pipe';
import { CreateNoteDto, NoteDto } from './notes.dto';
import { NotesService } from './notes.service';

/** Internal notes (SPEC §1): any staff member who sees the appeal; never API keys. */
@ApiTags('appeals')
@ApiBearerAuth()
@ApiProblems(ErrorCode.APPEAL_NOT_FOUND)
@Controller('appeals/:id/notes')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Post()
  @ApiCreatedResponse({ type: NoteDto })
  add(
    @Param('id', UuidPipe) id: string,
    @Body() dto: CreateNoteDto,
    @Ctx() ctx: RequestContext,
  ): Promise<NoteDto> {
    return this.notes.add(id, dto, ctx);
  }

  @Get()
  @ApiItems(NoteDto, { paged: true, description: 'one page, oldest first' })
  list(
    @Param('id', UuidPipe) id: string,
    @Query() q: ListQueryDto,
    @Ctx() ctx: RequestContext,
  ): Promise<Page<NoteDto>> {
    return this.notes.list(id, q, ctx);
  }
}
