import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express, { type Request, type Response } from 'express';
import { dirname, join } from 'node:path';

/** Where the console's files are: next to this file in src/ and, copied by nest-cli, in dist/. */
export const CONSOLE_ROOT = join(__dirname, 'public');

/** Chart.js as the package ships it for a plain <script> (UMD): no bundler, served as is. */
const CHART_JS = join(dirname(require.resolve('chart.js')), 'chart.umd.js');

/**
 * The browser console (issue 26): static files at /console, outside the /api/v1 prefix. It adds
 * no routes of its own to the API — the pages call the public REST API like any client. Mounted
 * on Express during init, after the security headers (CONSOLE_CSP in http-setup.ts) and before
 * Nest's not-found handler.
 */
@Module({})
export class ConsoleModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const server = this.adapterHost.httpAdapter.getInstance<express.Express>();
    server.get('/console/vendor/chart.umd.js', (_req: Request, res: Response) => {
      res.sendFile(CHART_JS, { maxAge: '1d' });
    });
    server.use(
      '/console',
      express.static(CONSOLE_ROOT, { index: 'index.html', redirect: true, maxAge: 0 }),
    );
  }
}
