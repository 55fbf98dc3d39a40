import { transportGuidFor } from './gis-messages';
import type { GisAttachmentRef, GisImportAction, Guid } from './gis-types';

/**
 * Files of our answers in ГИС ЖКХ. The outbox payload is written when the event is mirrored, the
 * files are uploaded when it is sent (as `resolveAnswerers` does for AnswererGUIDs): until then
 * each `Attachment` of `LoadAnswer` is a placeholder whose `hash` says what to upload —
 * `attachment:<attachments.id>`, or `answer-text` for an answer too long for AnswerText (its
 * AttachmentGUID is then the document's own key).
 */

/** hcs-appeals-types.xsd: AnswerText is String10000Type. */
export const MAX_ANSWER_TEXT = 10_000;
export const LONG_ANSWER_FILE_NAME = 'ответ.txt';
const ATTACHMENT = 'attachment:';
const ANSWER_TEXT = 'answer-text';
/** AttachmentType: Name 1..1024, Description 1..500 characters. */
const MAX_NAME = 1024;
const MAX_DESCRIPTION = 500;

const cut = (s: string, max: number) => [...s].slice(0, max).join('') || 'file';

export function answerFilePlaceholder(file: { id: string; fileName: string }): GisAttachmentRef {
  return {
    name: cut(file.fileName, MAX_NAME),
    description: cut(file.fileName, MAX_DESCRIPTION),
    attachmentGuid: file.id,
    hash: `${ATTACHMENT}${file.id}`,
  };
}

/** The full text of a long answer, as a file (key: UUID v5 of the event, stable across runs). */
export function longAnswerPlaceholder(eventId: string): GisAttachmentRef {
  return {
    name: LONG_ANSWER_FILE_NAME,
    description: 'Полный текст ответа',
    attachmentGuid: transportGuidFor(`answer-text:${eventId}`),
    hash: ANSWER_TEXT,
  };
}

/** AnswerText of an answer sent as a file: short, within the limit. */
export function longAnswerNote(appealNumber: string | null): string {
  const no = appealNumber ? ` № ${appealNumber}` : '';
  return `Ответ на обращение${no} приложен файлом «${LONG_ANSWER_FILE_NAME}».`;
}

/** UTF-8 with a BOM: Windows viewers take BOM-less text for windows-1251. */
export function answerTextDocument(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

export interface FileToUpload {
  /** `attachments.id`, or the long text's placeholder GUID (gis_file_uploads.attachment_id). */
  key: Guid;
  kind: 'attachment' | 'answer-text';
}

const kindOf = (a: GisAttachmentRef): FileToUpload['kind'] | null =>
  a.hash === ANSWER_TEXT ? 'answer-text' : a.hash?.startsWith(ATTACHMENT) ? 'attachment' : null;

/** Placeholders of an action that still need an upload, in order. */
export function filesToUpload(action: GisImportAction): FileToUpload[] {
  if (action.kind !== 'answer') return [];
  return (action.answer.load?.attachments ?? []).flatMap((a) => {
    const kind = kindOf(a);
    return kind ? [{ key: a.attachmentGuid, kind }] : [];
  });
}

/** The action with the store's AttachmentGUID and hash in place of every placeholder. */
export function withUploadedFiles(
  action: GisImportAction,
  uploaded: ReadonlyMap<string, { attachmentGuid: Guid; hash: string }>,
): GisImportAction {
  if (action.kind !== 'answer' || !action.answer.load?.attachments) return action;
  const attachments = action.answer.load.attachments.map((a) => {
    if (!kindOf(a)) return a;
    const up = uploaded.get(a.attachmentGuid);
    if (!up) throw new Error(`file ${a.attachmentGuid} not uploaded`);
    return { ...a, attachmentGuid: up.attachmentGuid, hash: up.hash };
  });
  return {
    ...action,
    answer: { ...action.answer, load: { ...action.answer.load, attachments } },
  };
}
