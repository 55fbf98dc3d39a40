// Used only by the TypeORM CLI (npm run typeorm -- migration:generate ...).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source.options';

const config = loadConfig();
if (!config.databaseUrl) {
  throw new Error(
    'Set DATABASE_URL to run the TypeORM CLI (e.g. the embedded server of npm start)',
  );
}
export default new DataSource(dataSourceOptions(config.databaseUrl));
