import { fromBuffer } from 'file-type';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-codes';
import type { HeadVerdict } from '../../attachments/content-sniffing';

/**
 * The audio formats a call's recording may be in (issue 23), as file-type names them, and the
 * type we store and serve. Told by content only (SPEC §9), never by the name or declared type.
 */
const AUDIO: Readonly<Record<string, string>> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  // An Ogg stream: Opus (what telephony platforms record), Vorbis or another codec.
  opus: 'audio/ogg',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  m4a: 'audio/mp4',
};

export const RECORDING_TYPES_TEXT = 'Ogg/Opus, MP3, WAV, M4A';

/** The verdict on a recording's first bytes: an allowed audio format, or refused (text too). */
export async function sniffRecordingHead(head: Buffer): Promise<HeadVerdict> {
  let found: { ext: string } | undefined;
  try {
    found = await fromBuffer(head);
  } catch {
    found = undefined;
  }
  if (!found) return { kind: 'refused', detected: 'unknown' };
  const type = AUDIO[found.ext];
  return type ? { kind: 'allowed', contentType: type } : { kind: 'refused', detected: found.ext };
}

export const recordingNotAudio = (fileName: string): AppError =>
  new AppError(
    ErrorCode.ATTACHMENT_TYPE_NOT_ALLOWED,
    `Запись «${fileName}» не принята: по содержимому это не ${RECORDING_TYPES_TEXT}`,
    undefined,
    { fileName },
  );
