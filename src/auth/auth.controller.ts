import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { CurrentPrincipal, Public } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiProblems } from '../common/http/openapi';
import type { StaffPrincipal } from '../common/auth/principal';
import { UsersService } from '../users/users.service';
import { UserDto, toUserDto } from '../users/users.dto';
import { LoginDto, LoginResponseDto } from './auth.dto';
import { AuthService } from './auth.service';
import { RateLimitGuard } from '../common/rate-limit/rate-limit.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ intake: true })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiProblems(ErrorCode.INVALID_CREDENTIALS)
  login(@Body() dto: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(dto);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: UserDto })
  async me(@CurrentPrincipal() principal: StaffPrincipal): Promise<UserDto> {
    return toUserDto(await this.users.get(principal.id));
  }
}
