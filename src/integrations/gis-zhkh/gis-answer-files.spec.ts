import {
  LONG_ANSWER_FILE_NAME,
  answerFilePlaceholder,
  answerTextDocument,
  filesToUpload,
  longAnswerNote,
  longAnswerPlaceholder,
  withUploadedFiles,
} from './gis-answer-files';
import { transportGuidFor } from './gis-messages';
import type { GisImportAction } from './gis-types';

const FILE_ID = '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const UPLOADED = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const TEXT_UPLOADED = 'aaaaaaaa-bbbb-4ccc-8ddd-ffffffffffff';

const answer = (attachments = [answerFilePlaceholder({ id: FILE_ID, fileName: 'Акт.pdf' })]) =>
  ({
    kind: 'answer',
    transportGuid: transportGuidFor('event:7'),
    appeal: { appealGuid: '3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a01' },
    answer: {
      transportGuid: transportGuidFor('event:7:answer'),
      answererGuid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      load: { text: 'Ответ', attachments },
      send: true,
    },
  }) satisfies GisImportAction;

describe('answer files for ГИС ЖКХ', () => {
  it('keeps the note within AnswerText (10 000 characters) and names the number and the file', () => {
    const sut = longAnswerNote('28-2026-000123');
    expect(sut).toBe(
      `Ответ на обращение № 28-2026-000123 приложен файлом «${LONG_ANSWER_FILE_NAME}».`,
    );
    expect(longAnswerNote(null)).toBe(
      `Ответ на обращение приложен файлом «${LONG_ANSWER_FILE_NAME}».`,
    );
  });

  it('writes the text as UTF-8 with a BOM, so any viewer picks the right encoding', () => {
    const sut = answerTextDocument('Ответ');
    expect([...sut.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(sut.subarray(3).toString('utf8')).toBe('Ответ');
  });

  it('lists the files a stored answer still has to upload, our attachments and the long text', () => {
    const text = longAnswerPlaceholder('7');
    expect(text.attachmentGuid).toBe(transportGuidFor('answer-text:7'));
    const sut = filesToUpload(
      answer([text, answerFilePlaceholder({ id: FILE_ID, fileName: 'Акт.pdf' })]),
    );
    expect(sut).toEqual([
      { key: text.attachmentGuid, kind: 'answer-text' },
      { key: FILE_ID, kind: 'attachment' },
    ]);
    expect(filesToUpload({ ...answer(), kind: 'executed' } as unknown as GisImportAction)).toEqual(
      [],
    );
  });

  it('puts the store’s AttachmentGUID and hash in place of each placeholder', () => {
    const text = longAnswerPlaceholder('7');
    const sut = withUploadedFiles(
      answer([text, answerFilePlaceholder({ id: FILE_ID, fileName: 'Акт.pdf' })]),
      new Map([
        [FILE_ID, { attachmentGuid: UPLOADED, hash: 'ab12' }],
        [text.attachmentGuid, { attachmentGuid: TEXT_UPLOADED, hash: 'cd34' }],
      ]),
    );
    expect(sut.kind === 'answer' && sut.answer.load?.attachments).toEqual([
      {
        name: LONG_ANSWER_FILE_NAME,
        description: 'Полный текст ответа',
        attachmentGuid: TEXT_UPLOADED,
        hash: 'cd34',
      },
      { name: 'Акт.pdf', description: 'Акт.pdf', attachmentGuid: UPLOADED, hash: 'ab12' },
    ]);
    expect(filesToUpload(sut)).toEqual([]);
  });

  it('refuses to send a placeholder nobody uploaded', () => {
    expect(() => withUploadedFiles(answer(), new Map())).toThrow(/not uploaded/);
  });
});
