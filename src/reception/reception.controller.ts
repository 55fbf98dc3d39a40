import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
  UploadedFiles,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AttachmentUploadInterceptor } from '../attachments/attachment-upload.interceptor';
import type { IncomingFile } from '../attachments/attachments.service';
import { jsonPayload } from '../attachments/multipart-json';
import { describeChannel } from '../channels/channel.registry';
import { AllowClients, Roles } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiItems, ApiProblems, ATTACHMENT_PROBLEMS } from '../common/http/openapi';
import { Ctx, type RequestContext } from '../common/http/request-context';
import { UuidPipe } from '../common/http/uuid.pipe';
import { RateLimitGuard } from '../common/rate-limit/rate-limit.guard';
import {
  BookingDto,
  CancelBookingDto,
  CreateBookingDto,
  CreateExceptionDto,
  CreateScheduleDto,
  ExceptionDto,
  ReceptionCardDto,
  ScheduleDto,
  SlotDto,
  SlotsQueryDto,
  UpdateScheduleDto,
} from './reception.dto';
import { ReceptionBookingsService } from './reception-bookings.service';
import { ReceptionSchedulesService } from './reception-schedules.service';
import { idempotentReply } from '../common/http/idempotent-reply';

/** Staff who keep the reception's bookings: book by phone, read, cancel. */
const BOOKING_STAFF = ['clerk', 'head', 'supervisor', 'admin'] as const;

/** Personal reception by appointment (issue 22, docs/reception.md). */
@ApiTags('reception')
@ApiBearerAuth()
@Controller('reception')
export class ReceptionController {
  constructor(
    private readonly schedules: ReceptionSchedulesService,
    private readonly bookings: ReceptionBookingsService,
  ) {}

  @Post('schedules')
  @Roles('admin', 'head')
  @ApiCreatedResponse({ type: ScheduleDto })
  @ApiProblems(ErrorCode.SCHEDULE_OVERLAP)
  createSchedule(@Body() dto: CreateScheduleDto, @Ctx() ctx: RequestContext): Promise<ScheduleDto> {
    return this.schedules.create(dto, ctx);
  }

  @Get('schedules')
  @ApiItems(ScheduleDto)
  listSchedules(): Promise<{ items: ScheduleDto[] }> {
    return this.schedules.list();
  }

  @Patch('schedules/:id')
  @Roles('admin', 'head')
  @ApiOkResponse({ type: ScheduleDto })
  @ApiProblems(ErrorCode.SCHEDULE_NOT_FOUND, ErrorCode.SCHEDULE_OVERLAP)
  updateSchedule(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateScheduleDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ScheduleDto> {
    return this.schedules.update(id, dto, ctx);
  }

  @Post('schedules/:id/exceptions')
  @Roles('admin', 'head')
  @ApiCreatedResponse({
    type: ExceptionDto,
    description: 'booked slots on those days are cancelled and their applicants notified',
  })
  @ApiProblems(ErrorCode.SCHEDULE_NOT_FOUND)
  addException(
    @Param('id', UuidPipe) id: string,
    @Body() dto: CreateExceptionDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ExceptionDto> {
    return this.schedules.addException(id, dto, ctx);
  }

  @Get('slots')
  @AllowClients()
  @ApiSecurity('api-key')
  @ApiItems(SlotDto)
  slots(@Query() q: SlotsQueryDto): Promise<{ items: SlotDto[] }> {
    return this.schedules.slots(q);
  }

  @Post('bookings')
  @Roles(...BOOKING_STAFF)
  @AllowClients()
  @ApiSecurity('api-key')
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ login: true })
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiHeader({
    name: 'idempotency-key',
    required: false,
    description:
      '1–200 printable ASCII characters; a retry gets the first answer and books nothing.',
  })
  @ApiExtraModels(CreateBookingDto)
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(CreateBookingDto) },
        {
          type: 'object',
          properties: {
            booking: { type: 'string', description: 'the JSON body as a string' },
            files: { type: 'array', items: { type: 'string', format: 'binary' } },
          },
        },
      ],
    },
  })
  @ApiCreatedResponse({ type: BookingDto })
  @ApiProblems(
    ErrorCode.CHANNEL_NOT_ALLOWED,
    ErrorCode.IDEMPOTENCY_KEY_REUSED,
    ErrorCode.SLOT_NOT_FOUND,
    ErrorCode.SLOT_IN_PAST,
    ErrorCode.SLOT_AUDIENCE_MISMATCH,
    ErrorCode.SLOT_TOPIC_MISMATCH,
    ErrorCode.SLOT_TAKEN,
    ErrorCode.BOOKING_LIMIT_EXCEEDED,
    ...ATTACHMENT_PROBLEMS,
  )
  async book(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @UploadedFiles() files: IncomingFile[] | undefined,
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<BookingDto> {
    const result = await this.bookings.book(
      jsonPayload(req, files ?? [], 'booking', 'записи на приём'),
      files ?? [],
      ctx,
      idempotencyKey,
    );
    return idempotentReply(res, result, `/api/v1/reception/bookings/${result.body.id}`);
  }

  @Get('bookings/:id')
  @Roles(...BOOKING_STAFF)
  @AllowClients()
  @ApiSecurity('api-key')
  @ApiOkResponse({ type: BookingDto })
  @ApiProblems(ErrorCode.BOOKING_NOT_FOUND)
  getBooking(@Param('id', UuidPipe) id: string, @Ctx() ctx: RequestContext): Promise<BookingDto> {
    return this.bookings.get(id, ctx);
  }

  @Post('bookings/:id/cancel')
  @HttpCode(200)
  @Roles(...BOOKING_STAFF)
  @AllowClients()
  @ApiSecurity('api-key')
  @ApiOkResponse({ type: BookingDto })
  @ApiProblems(ErrorCode.BOOKING_NOT_FOUND, ErrorCode.BOOKING_NOT_ACTIVE)
  cancel(
    @Param('id', UuidPipe) id: string,
    @Body() dto: CancelBookingDto,
    @Ctx() ctx: RequestContext,
  ): Promise<BookingDto> {
    return this.bookings.cancel(id, dto.reason, ctx);
  }

  @Post('bookings/:id/card')
  @HttpCode(200)
  // Who registers the channel `reception` (its descriptor): the card may register an appeal.
  @Roles(...describeChannel('reception').staffRoles)
  @ApiOkResponse({
    type: BookingDto,
    description: '`appealId` names the appeal of a written answer',
  })
  @ApiProblems(ErrorCode.BOOKING_NOT_FOUND, ErrorCode.BOOKING_NOT_ACTIVE)
  card(
    @Param('id', UuidPipe) id: string,
    @Body() dto: ReceptionCardDto,
    @Ctx() ctx: RequestContext,
  ): Promise<BookingDto> {
    return this.bookings.recordCard(id, dto, ctx);
  }
}
