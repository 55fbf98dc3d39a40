import type { IncomingFile } from './attachments.service';
import { detectContentType } from './content-sniffing';

/** A file a channel received whole (an e-mail part, a ГИС ЖКХ download). */
export interface CandidateFile {
  fileName: string;
  size: number;
  /** Null when it was not fetched because it is over the size limit anyway. */
  content: Buffer | null;
}

/**
 * The verdict of a channel without an interactive sender (e-mail, ГИС ЖКХ) on its files: those of
 * an allowed format (by content, SPEC §9), within the size and count limits, are kept; the rest
 * are refused by name and never block the appeal (59-ФЗ ст. 8 ч. 2: it is registered anyway).
 */
export async function screenIncomingFiles(
  candidates: readonly CandidateFile[],
  limits: { maxFiles: number; maxFileBytes: number },
): Promise<{ files: IncomingFile[]; refused: string[] }> {
  const files: IncomingFile[] = [];
  const refused: string[] = [];
  for (const c of candidates) {
    const content = c.content;
    const type =
      content && content.length > 0 && c.size <= limits.maxFileBytes
        ? await detectContentType(content)
        : null;
    if (!content || !type || files.length >= limits.maxFiles) {
      refused.push(c.fileName);
      continue;
    }
    files.push({ originalname: c.fileName, mimetype: type, size: content.length, buffer: content });
  }
  return { files, refused };
}
