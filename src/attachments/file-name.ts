/** The longest original name kept (most file systems' limit). */
export const MAX_FILE_NAME = 255;

/**
 * Why an uploaded file's name is refused, in Russian, or null when it is fine. The name is only
 * shown and offered back on download (files live in the database, never on a disk path), but a
 * name with path components, control characters or broken encoding is not a name a person chose:
 * it is a client bug or a probe, and silently rewriting it would hide either. So the upload is
 * refused (422 ATTACHMENT_NAME_INVALID) rather than stored under a name the sender did not give.
 * Ordinary names in any script, with spaces, brackets, № and dots, pass unchanged.
 */
export function fileNameProblem(name: string): string | null {
  if ([...name].length > MAX_FILE_NAME) {
    return `Имя файла длиннее ${MAX_FILE_NAME} символов`;
  }
  // The multipart parser decodes invalid UTF-8 to U+FFFD: the sender's bytes are lost already.
  if (name.includes('\uFFFD')) return 'Имя файла не в кодировке UTF-8';
  if (CONTROL.test(name)) return 'В имени файла есть управляющие символы';
  if (name.includes('/') || name.includes('\\')) {
    return 'Имя файла не должно содержать путь (символы / и \\)';
  }
  if (name.trim() === '.' || name.trim() === '..') return 'Недопустимое имя файла';
  return null;
}

// C0 and C1 controls, DEL, and the bidirectional overrides that disguise an extension
// («счёт\u202Efdp.exe» shows as «счётexe.pdf»).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
