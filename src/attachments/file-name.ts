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

/**
 * The extensions a file of each stored (sniffed) type may keep on download; the first is the one
 * added. Only the types content-sniffing.ts stores. Deliberately narrow: `.docm` (macros) is not
 * a DOCX extension, `.msi`/`.xls` not DOC (every OLE2 file sniffs as `x-cfb`, SPEC §9 allows DOC),
 * and `.bat`, `.html`, `.csv` not TXT — each is plain text that a system would run or render.
 */
const EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/tiff': ['tif', 'tiff'],
  'image/heic': ['heic', 'heif'],
  'image/heic-sequence': ['heic', 'heif'],
  'image/heif': ['heif', 'heic'],
  'image/heif-sequence': ['heif', 'heic'],
  'application/x-cfb': ['doc'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/rtf': ['rtf'],
  'text/plain': ['txt'],
};

/**
 * The name a file is offered for saving under: the original, ending with the extension of its
 * detected type — kept when the name already has it (any case, or an equivalent: .jpeg/.jpg),
 * appended otherwise. The desktop picks the program by the extension, so a PDF sent as
 * `scan.pdf.exe` is saved as `scan.pdf.exe.pdf`, never as something that runs. The stored and
 * listed name stays as sent (it is part of the record). An unknown type gets `.bin`.
 */
export function downloadName(fileName: string, contentType: string): string {
  const mime = contentType.split(';')[0].trim().toLowerCase();
  const allowed = EXTENSIONS[mime] ?? ['bin'];
  const lower = fileName.toLowerCase();
  if (allowed.some((ext) => lower.endsWith(`.${ext}`))) return fileName;
  const suffix = `.${allowed[0]}`;
  // Within the length limit, the original is shortened rather than the extension lost.
  return [...fileName].slice(0, MAX_FILE_NAME - suffix.length).join('') + suffix;
}
