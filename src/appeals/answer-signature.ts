/**
 * Who signed an answer (59-ФЗ ст. 10 ч. 4: the head or an authorised person): copied from the
 * user at the sign-off, so a later change of name or position does not rewrite a sent letter.
 */
export interface AnswerSignature {
  userId: string;
  fullName: string;
  position: string | null;
}
