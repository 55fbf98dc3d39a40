import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { UsersService } from '../users/users.service';
import { toUserDto } from '../users/users.dto';
import type { LoginDto, LoginResponseDto } from './auth.dto';

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly jwt: JwtService,
  ) {}

  async login(dto: LoginDto): Promise<LoginResponseDto> {
    const user = await this.users.verifyCredentials(dto.login, dto.password);
    if (!user) throw new AppError(ErrorCode.INVALID_CREDENTIALS);
    const accessToken = await this.jwt.signAsync(
      { sub: user.id },
      { expiresIn: this.config.jwt.ttlSeconds, algorithm: 'HS256', secret: this.config.jwt.secret },
    );
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.jwt.ttlSeconds,
      user: toUserDto(user),
    };
  }
}
