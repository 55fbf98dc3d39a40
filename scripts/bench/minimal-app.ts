// The yardstick of SPEC §15: NestJS + Express + ValidationPipe + one parameterised INSERT of the
// same row into the same table (and one SELECT by id), nothing else. Uses the app's own DTO.
import { Body, Controller, Get, Module, Param, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import { CreateAppealDto } from '../../src/intake/create-appeal.dto';

export async function createMinimalApp(url: string): Promise<INestApplication> {
  const pool = new Pool({ connectionString: url, max: 20 });
  let seq = 0;

  @Controller('minimal/appeals')
  class MinimalController {
    @Post()
    async create(@Body() dto: CreateAppealDto): Promise<{ id: string }> {
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO appeals (id, reg_number, reg_year, status, channel, kind, applicant_type,
           applicant_last_name, applicant_first_name, applicant_email, account_number, service_address,
           text, received_at, registered_at, reply_channel, version)
         VALUES (gen_random_uuid(), $1, 2026, 'registered', $2, 'complaint', 'individual', $3, $4, $5, $6, $7,
           $8, now(), now(), 'email', 1) RETURNING id`,
        [
          `MIN-${process.pid}-${++seq}`,
          dto.channel,
          dto.applicant?.lastName ?? null,
          dto.applicant?.firstName ?? null,
          dto.applicant?.email ?? null,
          dto.accountNumber ?? null,
          dto.serviceAddress ?? null,
          dto.text ?? '',
        ],
      );
      return rows[0];
    }

    @Get(':id')
    async get(@Param('id') id: string): Promise<unknown> {
      const { rows } = await pool.query('SELECT * FROM appeals WHERE id = $1', [id]);
      return rows[0];
    }
  }

  @Module({ controllers: [MinimalController] })
  class MinimalModule {}

  const app = await NestFactory.create(MinimalModule, { logger: false });
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  app.enableShutdownHooks();
  const close = app.close.bind(app);
  app.close = async () => {
    await close();
    await pool.end();
  };
  return app;
}
