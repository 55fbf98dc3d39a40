import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
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
@Controller('appeals/:id/extensions')
export class ExtensionsController {
  constructor(private readonly extensions: ExtensionsService) {}

  @Post()
  @Roles('officer', 'head', 'supervisor')
  @ApiCreatedResponse({ type: ExtensionDto })
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
