import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Req,
  UseInterceptors,
} from '@nestjs/common';
import { AuditChangesInterceptor } from '../audit/audit-changes.interceptor';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../common/auth/auth.decorators';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiItems, ApiProblems } from '../common/http/openapi';
import { Ctx, type RequestContext } from '../common/http/request-context';
import { DepartmentsService } from '../departments/departments.service';
import { CalendarService } from './calendar.service';
import { isLocalDate } from '../common/time/local-date';
import { DeadlinesService } from './deadlines.service';
import { APPEAL_KINDS, type AppealKind } from './sla-policy.entity';
import { SlaPoliciesService } from './sla-policies.service';
import {
  CalendarDaySetDto,
  CalendarImportedDto,
  CalendarYearDto,
  RegionalCalendarImportedDto,
  DeadlineDto,
  SetCalendarDayDto,
  DeadlineQueryDto,
  SlaPolicyDto,
  UpsertSlaPolicyDto,
  toSlaPolicyDto,
} from './sla.dto';

@ApiTags('sla')
@ApiBearerAuth()
@UseInterceptors(AuditChangesInterceptor)
@Controller()
export class SlaController {
  constructor(
    private readonly policies: SlaPoliciesService,
    private readonly deadlines: DeadlinesService,
    private readonly calendars: CalendarService,
    private readonly departments: DepartmentsService,
  ) {}

  @Get('sla-policies')
  @ApiItems(SlaPolicyDto)
  async listPolicies(): Promise<{ items: SlaPolicyDto[] }> {
    const [policies, topics] = await Promise.all([
      this.policies.list(),
      this.policies.topicCodes(),
    ]);
    return { items: policies.map((p) => toSlaPolicyDto(p, topics.get(p.id) ?? [])) };
  }

  @Put('sla-policies/topics/:topicCode')
  @Roles('admin')
  @ApiOkResponse({ type: SlaPolicyDto })
  @ApiProblems(ErrorCode.TOPIC_NOT_FOUND)
  async putTopicPolicy(
    @Param('topicCode') topicCode: string,
    @Body() dto: UpsertSlaPolicyDto,
  ): Promise<SlaPolicyDto> {
    const policy = await this.policies.upsertForTopic(topicCode, dto);
    this.departments.forgetTopics();
    return toSlaPolicyDto(policy, (await this.policies.topicCodes()).get(policy.id) ?? []);
  }

  @Delete('sla-policies/topics/:topicCode')
  @Roles('admin')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the topic follows the policy of its kind again' })
  @ApiProblems(ErrorCode.TOPIC_NOT_FOUND)
  async deleteTopicPolicy(@Param('topicCode') topicCode: string): Promise<void> {
    await this.policies.removeFromTopic(topicCode);
    this.departments.forgetTopics();
  }

  @Put('sla-policies/:kind')
  @Roles('admin')
  @ApiParam({ name: 'kind', enum: APPEAL_KINDS })
  @ApiOkResponse({ type: SlaPolicyDto })
  async putPolicy(
    @Param('kind') kind: string,
    @Body() dto: UpsertSlaPolicyDto,
  ): Promise<SlaPolicyDto> {
    if (!(APPEAL_KINDS as readonly string[]).includes(kind)) {
      throw AppError.validation([
        { field: 'kind', code: 'INVALID_VALUE', message: 'Неизвестный вид обращения' },
      ]);
    }
    const policy = await this.policies.upsertKind(kind as AppealKind, dto);
    return toSlaPolicyDto(policy, (await this.policies.topicCodes()).get(policy.id) ?? []);
  }

  @Get('deadlines')
  @ApiOkResponse({ type: DeadlineDto })
  async deadline(@Query() q: DeadlineQueryDto): Promise<DeadlineDto> {
    const topic = q.topicCode ? await this.departments.findTopicByCode(q.topicCode) : null;
    if (q.topicCode && !topic) {
      throw AppError.validation([
        { field: 'topicCode', code: 'UNKNOWN_TOPIC', message: 'Неизвестная тематика' },
      ]);
    }
    return this.deadlines.deadlineFor(q.registeredOn, q.kind ?? 'statement', topic);
  }

  /** A year as deadlines count it; a year not loaded is the provisional one (issue 19). */
  @Get('calendar/:year')
  @ApiOkResponse({ type: CalendarYearDto })
  async calendarYear(@Param('year') year: string): Promise<CalendarYearDto> {
    if (!/^\d{4}$/.test(year)) {
      throw AppError.validation([
        { field: 'year', code: 'INVALID_FORMAT', message: 'Год — четыре цифры' },
      ]);
    }
    return this.calendars.getYear(Number(year));
  }

  @Put('calendar/days/:date')
  @Roles('admin')
  @ApiOkResponse({ type: CalendarDaySetDto })
  @ApiProblems(ErrorCode.CALENDAR_YEAR_MISSING)
  async setDay(
    @Param('date') date: string,
    @Body() dto: SetCalendarDayDto,
    @Ctx() ctx: RequestContext,
  ): Promise<CalendarDaySetDto> {
    if (!isLocalDate(date)) {
      throw AppError.validation([
        { field: 'date', code: 'INVALID_DATE', message: 'Дата в формате ГГГГ-ММ-ДД' },
      ]);
    }
    const { day, recomputed } = await this.calendars.setDay(
      date,
      dto.type ?? null,
      dto.note ?? null,
      ctx.principal,
    );
    return day
      ? { date: day.date, type: day.type, note: day.note, source: day.source, recomputed }
      : { date, type: null, note: null, source: 'federal', recomputed };
  }

  @Post('calendar/import')
  @Roles('admin')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @ApiConsumes('application/xml', 'text/xml')
  @ApiBody({ description: 'an xmlcalendar document', schema: { type: 'string' } })
  @ApiCreatedResponse({ type: CalendarImportedDto })
  async importCalendar(
    @Req() req: Request,
    @Ctx() ctx: RequestContext,
  ): Promise<CalendarImportedDto> {
    return this.calendars.importXml(xmlBody(req), ctx.principal);
  }

  /**
   * A region's own days off (a republic's holidays), in the xmlcalendar format: its t=1 days are
   * added on top of the federal calendar when the region is the organisation's (CALENDAR_REGION).
   */
  @Post('calendar/regions/:region/import')
  @Roles('admin')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @ApiParam({ name: 'region', example: 'RU-TA', description: 'ISO 3166-2:RU subject code' })
  @ApiConsumes('application/xml', 'text/xml')
  @ApiBody({ description: 'an xmlcalendar document of the region', schema: { type: 'string' } })
  @ApiCreatedResponse({ type: RegionalCalendarImportedDto })
  async importRegionalCalendar(
    @Param('region') region: string,
    @Req() req: Request,
    @Ctx() ctx: RequestContext,
  ): Promise<RegionalCalendarImportedDto> {
    return this.calendars.importOverlay(region, xmlBody(req), ctx.principal);
  }
}

/** The XML body of a calendar import; an empty one is 422. */
function xmlBody(req: Request): string {
  const xml = typeof req.body === 'string' ? req.body : '';
  if (!xml.trim()) {
    throw AppError.validation([
      {
        field: 'body',
        code: 'REQUIRED',
        message: 'Пришлите XML производственного календаря (Content-Type: application/xml)',
      },
    ]);
  }
  return xml;
}
