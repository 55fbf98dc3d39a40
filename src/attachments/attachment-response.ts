import type { Response } from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Attachment } from './attachment.entity';
import { contentDisposition } from './content-disposition';
import { downloadName } from './file-name';

/**
 * Sends a stored file as a download: its detected type and length, the original name (ending
 * with the detected type's extension), and headers that keep a browser from rendering or
 * guessing it on our origin. Streams chunk by chunk; a client that hangs up half-way is not an
 * error of ours.
 */
export async function sendAttachment(
  res: Response,
  attachment: Attachment,
  content: Readable,
): Promise<void> {
  res.set({
    'Content-Type': attachment.contentType,
    'Content-Length': String(attachment.size),
    // Saved under the detected type's extension, whatever the sender called it (issue 17).
    'Content-Disposition': contentDisposition(
      downloadName(attachment.fileName, attachment.contentType),
    ),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    // Personal data: no shared caches, no copies on disk.
    'Cache-Control': 'private, no-store',
  });
  try {
    await pipeline(content, res);
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    throw e;
  }
}
