import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, jwtSecretOf, type AppConfig } from '../config/app-config';
import type { StaffPrincipal } from '../common/auth/principal';
import { UsersService } from '../users/users.service';

interface JwtPayload {
  sub: string;
  exp?: number;
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: jwtSecretOf(config),
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  /** Roles and activity are read fresh, so a deactivated user loses access at once. */
  async validate(payload: JwtPayload): Promise<StaffPrincipal | false> {
    // jsonwebtoken checks `exp` only when present: a token without one would never expire
    // (issue 17). Ours always carry it (AuthService signs with expiresIn).
    if (typeof payload.exp !== 'number') return false;
    const user = await this.users.findActive(payload.sub);
    if (!user) return false;
    return {
      kind: 'user',
      id: user.id,
      login: user.login,
      fullName: user.fullName,
      roles: user.roles,
      departmentId: user.departmentId,
    };
  }
}
