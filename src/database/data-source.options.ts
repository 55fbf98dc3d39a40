import * as path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from 'typeorm-naming-strategies';

/** Entities and migrations are found by glob so the app, the CLI and the tests share one list. */
export function dataSourceOptions(
  url: string,
  extra: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  const root = path.resolve(__dirname, '..', '..');
  // Under ts-node/jest the .ts sources are loaded; from dist/ the compiled .js.
  const ext = __filename.endsWith('.ts') ? 'ts' : 'js';
  return {
    type: 'postgres',
    url,
    // snake_case tables and columns, camelCase in TypeScript (docs/decisions/0002-snake-case-naming.md)
    namingStrategy: new SnakeNamingStrategy(),
    entities: [path.join(root, 'src', '**', `*.entity.${ext}`)],
    migrations: [path.join(root, 'migrations', `*.${ext}`)],
    migrationsTableName: 'typeorm_migrations',
    // gen_random_uuid() is built into PostgreSQL 13+, no uuid-ossp extension needed.
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    extra: { max: 20, application_name: 'appeals-desk' },
    ...extra,
  } as DataSourceOptions;
}
