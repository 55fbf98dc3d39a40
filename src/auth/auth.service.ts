import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, jwtSecretOf, type AppConfig } from '../config/app-config';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { UsersService } from '../users/users.service';
import { toUserDto } from '../users/users.dto';
import type { LoginDto, LoginResponseDto } from './auth.dto';
import { LoginAttemptsService } from './login-attempts.service';

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly attempts: LoginAttemptsService,
  ) {}

  async login(dto: LoginDto): Promise<LoginResponseDto> {
    // Counted before the password is checked (a locked login is not checked at all): per
    // login, whatever the address, and alike for logins that do not exist (issue 17).
    await this.attempts.begin(dto.login);
    const user = await this.users.verifyCredentials(dto.login, dto.password);
    if (!user) throw new AppError(ErrorCode.INVALID_CREDENTIALS);
    await this.attempts.succeeded(dto.login);
    const accessToken = await this.jwt.signAsync(
      { sub: user.id },
      {
        expiresIn: this.config.jwt.ttlSeconds,
        algorithm: 'HS256',
        secret: jwtSecretOf(this.config),
      },
    );
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.jwt.ttlSeconds,
      user: toUserDto(user),
    };
  }
}
