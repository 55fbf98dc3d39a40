import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { contentDisposition } from '../attachments/content-disposition';
import { Roles } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiProblems } from '../common/http/openapi';
import { Ctx } from '../common/http/request-context';
import { UuidPipe } from '../common/http/uuid.pipe';
import { PrintService, type PrintedPdf, type StaffContext } from './print.service';

class LetterPdfQueryDto {
  @ApiPropertyOptional({
    description:
      'true: also mark the letter printed (as POST /outgoing-letters/{id}/printed), for a print ' +
      'station that prints what it downloads; default false: the download changes nothing',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  markPrinted?: boolean;
}

const PDF_RESPONSE = {
  content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
} as const;

/** Print forms as PDF (A4): staff only, each under the visibility rule of what it shows. */
@ApiTags('print')
@ApiBearerAuth()
@Controller()
export class PrintController {
  constructor(private readonly print: PrintService) {}

  @Get('outgoing-letters/:id/pdf')
  // Who works the print queue (GET /outgoing-letters).
  @Roles('clerk', 'head', 'supervisor', 'admin')
  @ApiOkResponse({
    ...PDF_RESPONSE,
    description: 'the letter on the letterhead, as a download',
  })
  @ApiProblems(ErrorCode.NOT_FOUND)
  async letter(
    @Param('id', UuidPipe) id: string,
    @Query() q: LetterPdfQueryDto,
    @Ctx() ctx: StaffContext,
    @Res() res: Response,
  ): Promise<void> {
    sendPdf(res, await this.print.outgoingLetter(id, ctx, q.markPrinted === true));
  }

  @Get('appeals/:id/registration-card.pdf')
  @ApiOkResponse({
    ...PDF_RESPONSE,
    description: 'the registration and control card (РКК) of the appeal, as a download',
  })
  @ApiProblems(ErrorCode.APPEAL_NOT_FOUND)
  async registrationCard(
    @Param('id', UuidPipe) id: string,
    @Ctx() ctx: StaffContext,
    @Res() res: Response,
  ): Promise<void> {
    sendPdf(res, await this.print.registrationCard(id, ctx));
  }
}

/** As attachments are sent (attachment-response.ts): a download, never rendered on our origin. */
function sendPdf(res: Response, { fileName, pdf }: PrintedPdf): void {
  res
    .set({
      'Content-Type': 'application/pdf',
      'Content-Length': String(pdf.length),
      'Content-Disposition': contentDisposition(`${fileName}.pdf`),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      // Personal data: no shared caches, no copies on disk.
      'Cache-Control': 'private, no-store',
    })
    .end(pdf);
}
