import type { Response } from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Attachment } from './attachment.entity';
import { contentDisposition } from './content-disposition';

/**
 * Sends a stored file as a download: its detected type and length, the original name, and
 * headers that keep a browser from rendering or guessing it on our origin. Streams chunk by
 * chunk; a client that hangs up half-way is not an error of ours.
 */
export async function sendAttachment(
  res: Response,
  attachment: Attachment,
  content: Readable,
): Promise<void> {
  res.set({
    'Content-Type': attachment.contentType,
    'Content-Length': String(attachment.size),
    'Content-Disposition': contentDisposition(attachment.fileName),
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
