import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AllowClients } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiItems, ApiProblems } from '../common/http/openapi';
import type { Page } from '../common/http/pagination';
import { Ctx, type RequestContext } from '../common/http/request-context';
import { UuidPipe } from '../common/http/uuid.pipe';
import { AppealDto, AppealEventDto, etagOf, toAppealEventDto } from './appeal.dto';
import { AppealsService } from './appeals.service';
import { NotificationDto, toNotificationDto } from '../notifications/notification.dto';
import { ListAppealsQueryDto } from './list-appeals.query';

@ApiTags('appeals')
@ApiBearerAuth()
@Controller('appeals')
export class AppealsController {
  constructor(private readonly appeals: AppealsService) {}

  @Get()
  @ApiItems(AppealDto, { paged: true })
  async list(
    @Query() q: ListAppealsQueryDto,
    @Ctx() ctx: RequestContext,
  ): Promise<Page<AppealDto>> {
    const page = await this.appeals.list(q, ctx);
    return { items: await this.appeals.toDtos(page.items), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @AllowClients()
  @ApiSecurity('api-key')
  @ApiOkResponse({ type: AppealDto, description: 'with its ETag' })
  @ApiProblems(ErrorCode.APPEAL_NOT_FOUND)
  async get(
    @Param('id', UuidPipe) id: string,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppealDto> {
    const appeal = await this.appeals.get(id, ctx);
    res.setHeader('ETag', etagOf(appeal));
    return this.appeals.toDto(appeal);
  }

  @Get(':id/history')
  @ApiItems(AppealEventDto)
  @ApiProblems(ErrorCode.APPEAL_NOT_FOUND)
  async history(
    @Param('id', UuidPipe) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<{ items: AppealEventDto[] }> {
    return { items: (await this.appeals.history(id, ctx)).map(toAppealEventDto) };
  }

  @Get(':id/notifications')
  @ApiItems(NotificationDto)
  @ApiProblems(ErrorCode.APPEAL_NOT_FOUND)
  async notifications(
    @Param('id', UuidPipe) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<{ items: NotificationDto[] }> {
    return { items: (await this.appeals.notificationsOf(id, ctx)).map(toNotificationDto) };
  }
}
