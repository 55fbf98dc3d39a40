/**
 * An evaluation set for the `abusive` detector that is independent of its corpus
 * (test/abusive/abusive.corpus.ts): words, each tried in every disguise of disguise.ts.
 *
 * - OWN_WORDS were written for issue 17 before the lexicon was widened, from general knowledge of
 *   Russian invective (мат, vulgar words outside мат, insults that call people stupid, vile,
 *   parasites or animals), not from the detector's lists. The widening was then done against
 *   them, so their figure after the change is optimistic.
 * - LDNOOBW_WORDS come from the Russian list of «List of Dirty, Naughty, Obscene and Otherwise Bad
 *   Words» (npm `naughty-words` 1.2.0, ru.json, CC BY 4.0), a third-party list the lexicon was
 *   NOT built from: the honest figure. Only its Cyrillic entries are used; a phrase is reduced to
 *   its abusive word (the rest kept as the frame); entries that are not obscene or insulting in a
 *   complaint, or are ordinary words, are left out (listed in LDNOOBW_LEFT_OUT).
 *
 * A `frame` puts a word that insults only when said of a person («свиньи», «крысы») into such a
 * sentence; `{}` marks the word, and only the word is disguised.
 */

export type EvalCategory = 'obscene' | 'vulgar' | 'insult';

export interface EvalWord {
  word: string;
  category: EvalCategory;
  frame?: string;
}

const words = (category: EvalCategory, list: string): EvalWord[] =>
  list
    .trim()
    .split(/\s+/)
    .map((word) => ({ word, category }));

/** Frames for the context words, used in turn: address, exclamation, predicate, vocative. */
const CONTEXT_FRAMES = [
  'Вы {}!',
  '{}!',
  'Ваши сотрудники — {}.',
  '{}, когда вы почините трубу?',
  'Когда почините трубу, {}?',
  'Все вы там {}.',
];

const framed = (list: string): EvalWord[] =>
  list
    .trim()
    .split(/\s+/)
    .map((word, i) => ({
      word,
      category: 'insult',
      frame: CONTEXT_FRAMES[i % CONTEXT_FRAMES.length],
    }));

export const OWN_WORDS: readonly EvalWord[] = [
  ...words(
    'obscene',
    `хуйня нахуй похуй охуели хуёвый хуесос хуило хуета нихуя пиздец пиздабол распиздяи
     спиздили пиздюлей пиздёж блядь бляди выблядок блядский ебать заебали уёбки ебанутые
     долбоёбы ебланы наебалово отъебитесь ёбаный ебучий уебище мудак мудачьё мудила пидорасы
     гандоны манда мандавошки сука сучара залупа дрочить хер херня херово`,
  ),
  ...words(
    'vulgar',
    `жопа жопу жопой жополизы жопорукие говно говна говнюки говнище говённый дерьмо дерьмовый
     срань сраный засранцы насрать обосрались засрали просрали ссать обоссали зассанный ссыкло
     пердун пердеть бздун срач`,
  ),
  ...words(
    'insult',
    `дармоеды кровопийцы упыри скоты твари гниды мрази ублюдки уроды дебилы идиоты кретины
     придурки недоноски ушлёпки олухи болваны остолопы тупицы ничтожества выродки отморозки
     подонки мерзавцы негодяи сволочи падлы паскуды нелюди свинота жлобы хамло быдло лизоблюды
     холуи дегенераты имбецилы бестолочи бездари тупоголовые безмозглые недоумки стервы шлюхи
     долбодятлы дуболомы чмошники уродины скотина гадина гадёныши сволота мразота шваль сброд
     отребье отродье полудурки дурачьё`,
  ),
  ...framed(
    `паразиты свиньи козлы бараны ослы шакалы крысы кровососы пиявки гады животные обезьяны
     овцы собаки шавки черти тупые гиены стервятники ишаки коровы курицы`,
  ),
];

export const LDNOOBW_WORDS: readonly EvalWord[] = [
  ...words(
    'obscene',
    `блядки блядовать блядство блядь выёбываться гандон дрочить ёбарь ебать ебло ебнуть
     измудохать манда мандавошка муда мудило мудозвон наебать наебениться наебнуться нахуячиться
     опесдол охуеть охуительно спиздить хуёво хуёвый хуеплет хуило хуиня хуй хуйнуть`,
  ),
  { word: 'пизду', category: 'obscene', frame: 'во {}' },
  { word: 'пизды', category: 'obscene', frame: 'дать {}' },
  { word: 'пиздой', category: 'obscene', frame: '{} накрыться' },
  { word: 'ебать-копать', category: 'obscene' },
  { word: 'ёб', category: 'obscene', frame: '{} твою мать' },
  { word: 'дрочит', category: 'obscene', frame: 'каждый {} как он хочет' },
  { word: 'ебёт', category: 'obscene', frame: 'не {}' },
  { word: 'ебётся', category: 'obscene', frame: 'один {}' },
  { word: 'хую', category: 'obscene', frame: 'на {} вертеть' },
  { word: 'хуя', category: 'obscene', frame: 'ни {}' },
  { word: 'хуем', category: 'obscene', frame: '{} груши околачивать' },
  { word: 'хуиней', category: 'obscene', frame: '{} страдать' },
  { word: 'хер', category: 'obscene', frame: '{} с ним' },
  ...words('vulgar', `бздёнок говно говнюк дерьмо жопа жополиз малофья обоссаться срать ссать`),
  { word: 'обоссать', category: 'vulgar', frame: 'как два пальца {}' },
];

/** What was left out of the LDNOOBW Russian list, and why (documentation for the figures). */
export const LDNOOBW_LEFT_OUT: Readonly<Record<string, string>> = {
  "the Latin transliterations (bychara, dolboy'eb, …)":
    "spelled inconsistently (apostrophes, «sch'»); transliteration is tried on complete forms",
  'бугор, мент, хохол, голый, обнаженный, секс, половое сношение, хапать':
    'ordinary or slang words, not obscene or insulting in a complaint («хохол» is also a tuft)',
  'на фиг, фига, офигеть, хрен, невебенный, встать раком, сиськи, траxать':
    'euphemisms and colloquial words, not flagged by decision (docs/rules-abusive-corpus.md)',
  'какая разница, другой дразнится, курите мою трубку, играть на кожаной флейте, лысого в кулаке гонять, ты мне ваньку не валяй':
    'no abusive word in them; a word list cannot tell an allusion',
};

/**
 * Utility complaints with animal words and other traps: none may be flagged. Written for
 * issue 17 next to the context rule for animal words.
 */
export const BENIGN_SENTENCES: readonly string[] = [
  'В подвале завелись крысы, прошу провести дератизацию.',
  'Соседи держат свиней во дворе, запах невыносимый.',
  'Соседи держат свиней и коз прямо на участке у дома.',
  'Бараны на участке соседа объели все кусты у подъезда.',
  'Крысы бегают по подъезду, дети боятся.',
  'Крысы!',
  'Крысы в подвале',
  'Паразиты в подвале дома 5',
  'Бездомные собаки во дворе лают всю ночь, примите меры.',
  'Собаки, кошки и крысы живут в подвале, вы когда-нибудь туда спускались?',
  'Вы видели, какие там крысы?',
  'В мусоропроводе крысы, а вы ничего не делаете.',
  'Ваш сотрудник сказал, что крысы уйдут сами.',
  'Голуби гадят на балконы, у вас есть сетки от птиц?',
  'Клопы и тараканы по всему подъезду, когда вы проведёте дезинсекцию?',
  'Вы обещали травить крыс ещё весной.',
  'Вы занимаетесь крысами в подвале или нет?',
  'На детской площадке бродят козы и овцы из частного сектора.',
  'У соседа в сарае куры и свиньи, навоз лежит у забора.',
  'Животные в подвале погибают от голода, вызовите службу отлова.',
  'Домашние животные не могут выйти: в подъезде нет света.',
  'Кровососущие насекомые в подвале: комары и блохи.',
  'Пиявки для гирудотерапии я храню в холодильнике, а его сожгли ваши скачки напряжения.',
  'Шакалы и гиены — это из передачи про Африку, а у нас в подвале обычные крысы.',
  'Какого черта не работает лифт третий день?',
  'Черти что творится с отоплением в нашем доме.',
  'Курица, купленная в магазине, испортилась: холодильник отключился из-за аварии.',
  'Коровы с фермы ходят по дороге мимо нашего дома.',
  'Ослы и пони в контактном зоопарке рядом с домом шумят по утрам.',
  'Гады ползучие в подвале — это ужи из леса, вызовите службу.',
  'Фундамент осел, по стене пошла трещина.',
  'Сброс мусора у контейнеров не вывозят неделю.',
  'Прошу принять показания: ХВС 123, ГВС 45.',
  'Сотрудник по фамилии Козлов грубил по телефону.',
  'Скотт Иванович Свиньин, абонент 7700123, просит перерасчёт.',
  'Говорю вам третий раз: засорена канализация.',
  'Сравните показания за март и апрель, срочно.',
  'Сроки ремонта сорваны, сразу после сдачи срез трубы потёк.',
  'Сальдо неверное, сала в магазине нет, сутки ждали аварийку: 3 сут.',
  'Засаленные перила в подъезде никто не моет.',
  'Ливневая канализация засорилась, во дворе стоят нечистоты.',
];
