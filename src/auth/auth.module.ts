import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { UsersModule } from '../users/users.module';
import { ApiKeyStrategy } from './api-key.strategy';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { LoginAttemptsService } from './login-attempts.service';

@Module({
  imports: [PassportModule, JwtModule.register({}), UsersModule, ApiKeysModule],
  controllers: [AuthController],
  providers: [AuthService, LoginAttemptsService, JwtStrategy, ApiKeyStrategy],
})
export class AuthModule {}
