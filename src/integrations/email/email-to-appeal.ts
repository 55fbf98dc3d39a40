import { isEmail } from 'class-validator';
import { truncate, type InboundEmail } from './mime-intake';

/** A file in the shape multer gives the intake for uploads. */
export interface EmailAppealFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

export interface PersonName {
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
}

// Limits of CreateAppealDto: the e-mail channel registers incomplete appeals, but the body must
// still pass structural validation (SPEC §2).
const MAX_TEXT = 100_000;
const MAX_SUBJECT = 500;
const MAX_NAME = 100;
const MAX_EMAIL = 254;
const MAX_REF = 200;

/**
 * The create body for an e-mail classified as an appeal (the caller skips auto-replies, bounces
 * and bulk mail, and adds replies carrying a registration number to that appeal instead).
 * `now` comes from the Clock: a Date header in the future (a sender's wrong clock) is ignored
 * and the appeal is received "now".
 */
export function toCreateAppealBody(
  mail: InboundEmail,
  now: Date = new Date(),
): { body: Record<string, unknown>; files: EmailAppealFile[] } {
  const email = validEmail(mail.from.address);
  const name = guessPersonName(mail.from.name) ?? {
    lastName: null,
    firstName: null,
    middleName: null,
  };
  const body: Record<string, unknown> = {
    channel: 'email',
    applicant: {
      type: 'individual',
      lastName: name.lastName,
      firstName: name.firstName,
      middleName: name.middleName,
      email,
    },
    subject: mail.subject ? truncate(mail.subject.trim(), MAX_SUBJECT) : null,
    text: truncate(mail.text.trim(), MAX_TEXT),
  };
  if (mail.date && mail.date.getTime() <= now.getTime()) body.receivedAt = mail.date.toISOString();
  // A longer id cannot be stored in externalRefs; the pipeline deduplicates by dedupKey anyway.
  if (mail.messageId && mail.messageId.length <= MAX_REF)
    body.externalRefs = { messageId: mail.messageId };

  const files = mail.attachments.map((a) => ({
    originalname: a.fileName,
    mimetype: a.contentType,
    size: a.size,
    buffer: a.content,
  }));
  return { body, files };
}

function validEmail(address: string | null): string | null {
  if (!address || address.length > MAX_EMAIL) return null;
  return isEmail(address) ? address : null;
}

/*
 * Name heuristic for the display name of the From header. Russian names only; anything else
 * (Latin letters, digits, organisations, quotes, one word, four words) gives null, because a wrong
 * surname is worse than none: the appeal is registered either way and a clerk completes it.
 * - three words with a patronymic (-ович/-евич/-ич/-овна/-евна/-ична/-инична) as the third word:
 *   «Иванов Иван Иванович»; as the second word: «Иван Иванович Иванов»; when both could be
 *   (surnames in -ич: «Иван Петрович Бабич»), the order whose first name is in the list wins;
 * - two words: the one found in a list of common first names is the first name, the other the
 *   surname («Иван Иванов», «Кузнецова Ирина»); both or neither in the list → null, and so is a
 *   word that looks like a patronymic («Иван Петрович», or is «Бабич» a surname?);
 * - a surname with initials («Сидоров П. А.», «П.А. Сидоров») gives the surname alone, if the
 *   word has a typical surname ending (-ов, -ева, -ин, -ский, -енко, -ук…).
 * Words in capitals or lower case are title-cased («ИВАНОВ» → «Иванов»).
 */
export function guessPersonName(displayName: string | null | undefined): PersonName | null {
  if (!displayName) return null;
  const tokens = displayName
    .replace(/[«»"']/g, ' ')
    .replace(/([А-ЯЁ]\.)(?=[А-ЯЁ]\.)/g, '$1 ') // initials written together: «П.А.»
    .trim()
    .split(/\s+/);
  if (tokens.length < 2 || tokens.length > 3) return null;

  const isInitial = (t: string): boolean => /^[А-ЯЁ]\.$/.test(t);
  const words = tokens.filter((t) => !isInitial(t)).map(titleCase);
  if (!words.every((w): w is string => w !== null)) return null;
  const [a, b, c] = words;

  if (words.length < tokens.length) {
    const surname = words.length === 1 && SURNAME_ENDING.test(a) && !isFirstName(a);
    return surname && !isPatronymic(a) ? person(a, null, null) : null;
  }
  if (words.length === 3) {
    const patronymicThird = isPatronymic(c) && !isPatronymic(b);
    const patronymicSecond = isPatronymic(b) && !isPatronymic(a);
    if (patronymicThird && (!patronymicSecond || isFirstName(b))) return person(a, b, c);
    if (patronymicSecond && (!patronymicThird || isFirstName(a))) return person(c, a, b);
    return null;
  }
  if (isPatronymic(a) || isPatronymic(b)) return null;
  const firstA = isFirstName(a);
  if (firstA === isFirstName(b)) return null;
  return firstA ? person(b, a, null) : person(a, b, null);
}

const person = (
  lastName: string | null,
  firstName: string | null,
  middleName: string | null,
): PersonName => ({
  lastName: lastName && truncate(lastName, MAX_NAME),
  firstName: firstName && truncate(firstName, MAX_NAME),
  middleName: middleName && truncate(middleName, MAX_NAME),
});

/** «ИВАНОВ» → «Иванов», «салтыков-щедрин» → «Салтыков-Щедрин»; not a Cyrillic name → null. */
function titleCase(word: string): string | null {
  if (!/^[А-ЯЁа-яё]+(-[А-ЯЁа-яё]+)*$/.test(word)) return null;
  const parts = word
    .split('-')
    .map((p) =>
      p === p.toUpperCase() || p === p.toLowerCase()
        ? p[0].toUpperCase() + p.slice(1).toLowerCase()
        : p,
    );
  return parts.every((p) => /^[А-ЯЁ]/.test(p)) ? parts.join('-') : null;
}

const PATRONYMIC = /(ович|евич|ич|овна|евна|ична|инична)$/;
const SURNAME_ENDING =
  /(ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|ской|ой|ый|ий|ая|енко|ко|ук|юк|ян|дзе|швили|их|ых)$/;

const isPatronymic = (w: string): boolean => PATRONYMIC.test(w) && w.length > 4;
const isFirstName = (w: string): boolean => FIRST_NAMES.has(w.replace(/ё/g, 'е'));

// Common Russian first names (ё written as е); enough to tell «Ирина» from a surname in -ина.
const FIRST_NAMES = new Set(
  (
    'Александр Алексей Анатолий Андрей Антон Аркадий Арсений Артем Артур Богдан Борис Вадим ' +
    'Валентин Валерий Василий Виктор Виталий Владимир Владислав Всеволод Вячеслав Геннадий ' +
    'Георгий Герман Глеб Григорий Даниил Данил Денис Дмитрий Евгений Егор Захар Иван Игорь Илья ' +
    'Иннокентий Кирилл Константин Лев Леонид Макар Максим Марат Марк Матвей Михаил Никита ' +
    'Николай Олег Павел Петр Платон Ренат Роберт Родион Роман Ростислав Руслан Святослав Семен ' +
    'Сергей Станислав Степан Тимофей Тимур Федор Филипп Эдуард Юрий Яков Ярослав ' +
    'Александра Алена Алина Алиса Алла Анастасия Ангелина Анна Антонина Валентина Валерия ' +
    'Варвара Василиса Вера Вероника Виктория Галина Дарина Дарья Диана Ева Евгения Екатерина ' +
    'Елена Елизавета Жанна Зинаида Зоя Инна Ирина Карина Кира Клавдия Кристина Ксения Лариса ' +
    'Лидия Лилия Любовь Людмила Маргарита Марина Мария Милана Надежда Наталья Наталия Нина ' +
    'Оксана Олеся Ольга Полина Раиса Регина Светлана Снежана София Софья Таисия Тамара Татьяна ' +
    'Ульяна Эльвира Юлия Яна'
  ).split(' '),
);
