import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiIfMatch, ApiProblems } from '../common/http/openapi';
import { Ctx, type RequestContext } from '../common/http/request-context';
import { UuidPipe } from '../common/http/uuid.pipe';
import {
  DecideExtensionDto,
  ExtensionDto,
  RequestExtensionDto,
  toExtensionDto,
} from './extension.dto';
import { ExtensionsService } from './extensions.service';

@ApiTags('sla')
@ApiBearerAuth()
@ApiProblems(ErrorCode.APPEAL_NOT_FOUND, ErrorCode.INVALID_TRANSITION)
@Controller('appeals/:id/extensions')
export class ExtensionsController {
  constructor(private readonly extensions: ExtensionsService) {}

  @Post()
  @Roles('officer', 'head', 'supervisor')
  @ApiCreatedResponse({
    type: ExtensionDto,
    description: 'approved at once when the caller manages the department, else pending',
  })
  @ApiIfMatch()
  @ApiProblems(
    ErrorCode.EXTENSION_ALREADY_PENDING,
    ErrorCode.EXTENSION_TOO_LATE,
    ErrorCode.EXTENSION_LIMIT_EXCEEDED,
    ErrorCode.EXTENSION_NOT_ALLOWED,
  )
  async request(
    @Param('id', UuidPipe) id: string,
    @Body() dto: RequestExtensionDto,
    @Ctx() ctx: RequestContext,
    @Headers('if-match') ifMatch?: string,
  ): Promise<ExtensionDto> {
    return toExtensionDto(await this.extensions.request(id, dto, ctx, ifMatch));
  }

  @Post(':extensionId/approve')
  @HttpCode(200)
  @Roles('head', 'supervisor')
  @ApiOkResponse({ type: ExtensionDto })
  @ApiIfMatch()
  @ApiProblems(
    ErrorCode.EXTENSION_NOT_FOUND,
    ErrorCode.EXTENSION_TOO_LATE,
    ErrorCode.EXTENSION_LIMIT_EXCEEDED,
    ErrorCode.EXTENSION_NOT_ALLOWED,
  )
  async approve(
    @Param('id', UuidPipe) id: string,
    @Param('extensionId', UuidPipe) extensionId: string,
    @Body() dto: DecideExtensionDto,
    @Ctx() ctx: RequestContext,
    @Headers('if-match') ifMatch?: string,
  ): Promise<ExtensionDto> {
    return toExtensionDto(await this.extensions.approve(id, extensionId, dto, ctx, ifMatch));
  }

  @Post(':extensionId/decline')
  @HttpCode(200)
  @Roles('head', 'supervisor')
  @ApiOkResponse({ type: ExtensionDto })
  @ApiIfMatch()
  @ApiProblems(ErrorCode.EXTENSION_NOT_FOUND)
  async decline(
    @Param('id', UuidPipe) id: string,
    @Param('extensionId', UuidPipe) extensionId: string,
    @Body() dto: DecideExtensionDto,
    @Ctx() ctx: RequestContext,
    @Headers('if-match') ifMatch?: string,
  ): Promise<ExtensionDto> {
    return toExtensionDto(await this.extensions.decline(id, extensionId, dto, ctx, ifMatch));
  }
}
