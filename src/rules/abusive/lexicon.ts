/**
 * Word lists for the `abusive` rule (59-ФЗ ст. 11 ч. 3: an appeal with obscene or insulting
 * expressions, or threats to the life, health or property of an official or their family, may
 * be left unanswered on the merits). The detector only flags; a head decides (SPEC §4).
 *
 * Every list is written in the detector's normal form — lower case, ё→е — and is passed through
 * `normalizeEntry` at load, which also collapses doubled letters (the detector collapses them in
 * the text too, so «сууукааа» and «ебанный» meet «сука» and «ебаный»).
 *
 * Matching is anchored at the start of a word: a root is found only at the beginning of a word
 * or right after an allowed prefix. That is what keeps «рубля», «требую», «потребитель»,
 * «корабль», «скипидар», «себестоимость» and «застрахуй» clean. Decisions on ambiguous words
 * are recorded in docs/rules-abusive-corpus.md.
 */

/**
 * `vulgar`: rude words outside мат («жопа», «говно», «срать»), which 59-ФЗ ст. 11 ч. 3 also
 * covers as «нецензурные» in the broad sense; `listed`: a word an administrator put on the deny
 * list (`abusive_terms`).
 */
export type AbuseCategory = 'obscene' | 'vulgar' | 'insult' | 'threat' | 'listed';

/** Lower case, ё→е, runs of one letter collapsed to one. */
export function normalizeEntry(word: string): string {
  const out: string[] = [];
  let last = '';
  for (const ch of word.toLowerCase().replace(/ё/g, 'е')) {
    if (ch !== last) out.push(ch);
    last = ch;
  }
  return out.join('');
}

const set = (words: readonly string[]): ReadonlySet<string> => new Set(words.map(normalizeEntry));

// ---------------------------------------------------------------------------------------------
// Obscene roots (мат): regular expressions over a whole normalised word.

export interface RootPattern {
  term: string;
  pattern: RegExp;
  /** A fragment every match contains: one unanchored test skips most words cheaply. */
  hint: string;
  /** Also tried on all-Latin words read as transliteration («blyat», «pizdec», «nahuy»). */
  translit: boolean;
  /** `obscene` unless said otherwise. */
  category?: 'obscene' | 'vulgar';
}

/** Verbal prefixes that the four core roots take: на-хуй, за-ебали, с-пиздили, о-хуеть. */
const PREFIX =
  '(?:на|по|ни|до|за|от|вы|о|об|при|про|рас|раз|с|под|пере|недо|у|ис|из|вз|въ|подъ|отъ)';

export const OBSCENE_ROOTS: readonly RootPattern[] = [
  {
    term: 'хуй',
    // ху + й/я/ю/е/и: хуй, хуя, хуёвый, хуета, нахуй, охуеть; «хуже», «хулиган», «хутор», «худой»
    // and «страхую» never match (the root must start the word or follow a prefix).
    pattern: new RegExp(`^(?:${PREFIX}?ху[йяюеи]|хул[ие]$)`),
    hint: 'ху',
    translit: true,
  },
  {
    term: 'пизда',
    // пизд/пизж/пзд: пиздец, спиздили, отпизжу, пздц; «поезд», «опоздание», «пизанская» do not.
    // The phonetic «писдец», «опесдол» need the vowel: «ПСД» is проектно-сметная документация.
    pattern: new RegExp(`^${PREFIX}?(?:п[ие]?з[дж]|п[ие]сд)`),
    hint: 'п[ие]?з[дж]|п[ие]сд',
    translit: true,
  },
  {
    term: 'блядь',
    // бля, блядь, блять, выблядок; «бляха», «бляшка» are clean (бля + х/ш).
    pattern: /^(?:вы|по|за)?бля(?:[дт]|$)/,
    hint: 'бля',
    translit: true,
  },
  {
    term: 'ебать',
    // еб- after a prefix that may end in ъ/ь. «с», «в», «от», «под», «раз» need the hard sign:
    // «себестоимость», «себе», «вебинар» stay clean, «съебались», «въебать» do not.
    // «заипали» is a softened spelling of «заебали»; a bare «ип-» would hit «ипотека».
    pattern:
      /^(?:(?:за|на|по|у|вы|до|пере|при|про|недо|ни|о)[ъь]?|(?:с|в|вз|от|под|из|об|раз|рас)[ъь])?еб[аулнеиыок]|^долбо[её]б|^йоб[аин]|^(?:за|на|от|до)ип[ау]л/,
    hint: 'еб|йоб|ип[ау]л',
    translit: true,
  },
  {
    term: 'мудак',
    // мудак, мудила, мудозвон, отмудохать, измудохать, «муда»; «мудрый», «мудрость» are clean.
    pattern: /^(?:от|за|из)?муд(?:ак|ач|ил|озвон|ох)|^муд(?:а|ей|ями)$/,
    hint: 'муд',
    translit: true,
  },
  {
    term: 'пидор',
    // anchored, so «скипидар» is clean; «педиатр», «педикюр» do not match «педрил».
    pattern: /^(?:пид[оа]р|пидр|педрил)/,
    hint: 'пид|педрил',
    translit: true,
  },
  {
    term: 'гандон',
    pattern: /^г[ао]ндон/, // «гондола» is clean
    hint: 'г[ао]ндон',
    translit: true,
  },
  {
    term: 'хер',
    // хер, херня, нахер, похерить (хрен is not flagged); «херувим», «Херсонская», «херес» clean.
    pattern: /^(?:на|по|ни|до|за|от|о|рас)?хер(?:$|[аоуыь]$|ом$|н[яиеюо]|ов|ач|ит|ет|ев|ен)/,
    hint: 'хер',
    translit: false, // English «her», «hero»
  },
  {
    term: 'манда',
    // «мандат», «мандарин», «командировка»; «манде» is left out: «языки манде» (a language family)
    pattern: /^манд(?:а|ы|у|ой|ою)$|^мандавош|^мандец/,
    hint: 'манд',
    translit: false,
  },
  {
    term: 'залупа',
    // the noun only; «залупаться» (to be cheeky) is rude slang, not мат.
    pattern: /^залуп(?:а|ы|е|у|ой|ою|ище)$/,
    hint: 'залуп',
    translit: false,
  },
  {
    term: 'дрочить',
    // «дрочёна» is a dish: дрочёна, дрочёной…
    pattern: /^(?:на|по|за|от|вы|до|об|у)?дроч(?!ен(?:а|ы|е|у|о|ой|ою)?$)/,
    hint: 'дроч',
    translit: false,
  },
  {
    term: 'елда',
    pattern: /^елд(?:а|ы|е|у|ой)$/, // «Елдырин» (a surname) is clean
    hint: 'елд',
    translit: false,
  },
];

/**
 * Vulgar roots outside мат (issue 17: «жопа», «говно», «дерьмо», «срать», «ссать», «пердеть»
 * were not flagged in any spelling). Sewage is a utility topic, so «дерьмо плавает в подвале» is
 * flagged too: the rule only sends an appeal to a head (SPEC §4), who accepts it.
 */
export const VULGAR_ROOTS: readonly RootPattern[] = [
  {
    term: 'жопа',
    // жопа, жополиз, жопорукий, черножопый; no ordinary word starts with «жоп».
    pattern: /^(?:в|черно|толсто|тупо|полу)?жоп/,
    hint: 'жоп',
    translit: true,
    category: 'vulgar',
  },
  {
    term: 'говно',
    // говно, говнюк, говняный, обгадить is not here; «говение» (fasting) is clean, so the
    // adjective «говённый» is matched by its endings only.
    pattern:
      /^(?:на|об|за|под)?говн|^говен(?:ый|ая|ое|ые|ого|ому|ой|ою|ым|ыми|ых|ую|о|ько|енький)$/,
    hint: 'говн|говен',
    translit: true,
    category: 'vulgar',
  },
  { term: 'дерьмо', pattern: /^дерьм/, hint: 'дерьм', translit: true, category: 'vulgar' },
  {
    term: 'срать',
    // Only the forms that cannot be «сразу», «сравнить», «сражение», «посрамить», «срам»:
    // срать, насрал, обосрались, сраный, срань, засранец, срач; засирать, обсирают.
    pattern:
      /^(?:на|об|обо|за|про|у|вы|по|от|недо|рас|из|под)?сра(?:ть|ться|л|ла|ло|ли|лс[яь]|лась|лось|лись|н[аыьиоуе]|нц|ч)|^(?:об|обо|за|вы|у|по)сир[аы]/, // not «на»: «Насира»
    hint: 'сра|сир',
    translit: false,
    category: 'vulgar',
  },
  {
    term: 'пердеть',
    pattern: /^(?:на|за|вы|по|рас|от|с)?перд(?!имонокл)/, // «пердимонокль» is a jocular word
    hint: 'перд',
    translit: false,
    category: 'vulgar',
  },
  {
    term: 'бздеть',
    pattern: /^(?:на|за|вы|по|ис)?бзд/,
    hint: 'бзд',
    translit: false,
    category: 'vulgar',
  },
];

// ---------------------------------------------------------------------------------------------
// Whole words with their forms (obscene words with homonyms, and insults).

/** Context that turns a word into an ordinary one, or that it needs. */
export interface Guard {
  /** Clean when the previous word is one of these. */
  notAfter?: ReadonlySet<string>;
  /** Clean when the next word is one of these. */
  notBefore?: ReadonlySet<string>;
  /** Flagged only when the next word is one of these. */
  onlyBefore?: ReadonlySet<string>;
}

export interface WordEntry {
  term: string;
  category: 'obscene' | 'vulgar' | 'insult';
  forms: readonly string[];
  guard?: Guard;
  /** Also tried on all-Latin transliterated words («suka»). */
  translit?: boolean;
}

const decline = (stem: string, endings: readonly string[]): string[] =>
  endings.map((e) => stem + e);

/** идиот, дебил: hard masculine. */
const M_HARD = ['', 'а', 'у', 'ом', 'е', 'ы', 'ов', 'ам', 'ами', 'ах'];
/** говнюк: after к/г/х the plural takes -и. */
const M_VELAR = ['', 'а', 'у', 'ом', 'е', 'и', 'ов', 'ам', 'ами', 'ах'];
/** ублюдок → ублюдк-: oblique endings after a fleeting vowel. */
const OBL_VELAR = ['а', 'у', 'ом', 'е', 'и', 'ов', 'ам', 'ами', 'ах'];
/** мерзавец → мерзавц-. */
const OBL_TS = ['а', 'у', 'ем', 'е', 'ы', 'ев', 'ам', 'ами', 'ах'];
/** скотина: -а feminine, hard stem. */
const F_HARD = ['а', 'ы', 'е', 'у', 'ой', 'ою', '', 'ам', 'ами', 'ах'];
/** шлюха, ворюга: -а after к/г/х. */
const F_VELAR = ['а', 'и', 'е', 'у', 'ой', 'ою', '', 'ам', 'ами', 'ах'];
/** тупица, кровопийца. */
const F_TS = ['а', 'ы', 'е', 'у', 'ей', 'ею', '', 'ам', 'ами', 'ах'];
/** тварь, мразь. */
const F_SOFT = ['ь', 'и', 'ью', 'ей', 'ям', 'ями', 'ях'];

const fleeting = (nom: string, stem: string, endings: readonly string[]): string[] => [
  nom,
  ...decline(stem, endings),
];

/** Prepositions before «сука»/«сучка» that make them forms of «сук»/«сучок» (a branch, a knot). */
const BRANCH_PREPOSITIONS = set([
  'с',
  'со',
  'от',
  'до',
  'у',
  'без',
  'из',
  'на',
  'о',
  'об',
  'по',
  'около',
  'возле',
  'над',
  'под',
]);

export const OBSCENE_WORDS: readonly WordEntry[] = [
  {
    // «сука» is also the genitive of «сук» (a branch): «упала с сука», «висит на суку».
    // The plain genitive plural «сук» is never flagged.
    term: 'сука',
    category: 'obscene',
    forms: ['сука', 'суки', 'суке', 'суку', 'сукой', 'сукою', 'сукам', 'суками', 'суках'],
    guard: { notAfter: BRANCH_PREPOSITIONS },
    translit: true,
  },
  {
    // «сучка» is also the genitive of «сучок» («без сучка и задоринки»); «сучки», «сучья»
    // (knots, branches) are never flagged.
    term: 'сука',
    category: 'obscene',
    forms: ['сучка', 'сучку', 'сучке', 'сучкой'],
    guard: { notAfter: BRANCH_PREPOSITIONS },
  },
  {
    term: 'сука',
    category: 'obscene',
    forms: [
      ...decline('сучар', ['а', 'ы', 'е', 'у', 'ой', 'ам', 'ами']),
      ...fleeting('сучонок', 'сучонк', OBL_VELAR),
      'сученыш',
      'сученыши',
    ],
  },
  {
    // «сукин сын»; «Сукин» alone is also a surname.
    term: 'сука',
    category: 'obscene',
    forms: ['сукин', 'сукины'],
    guard: { onlyBefore: set(['сын', 'сына', 'сыну', 'сыном', 'сыны', 'дети', 'детей', 'дочь']) },
  },
  {
    // «ёб твою мать»: the bare «еб» only before a possessive.
    term: 'ебать',
    category: 'obscene',
    forms: ['еб', 'епт', 'ебт'],
    guard: { onlyBefore: set(['твою', 'вашу', 'его', 'их', 'ее', 'мать']) },
  },
];

/**
 * «Ссать» and its forms are listed whole: the detector collapses doubled letters, and «ссал»,
 * «ссут», «ссыт» would become «сал» (сало), «сут» (сут. — сутки), «сыт».
 */
export const VULGAR_WORDS: readonly WordEntry[] = [
  {
    term: 'ссать',
    category: 'vulgar',
    forms: [
      'ссать',
      'ссаться',
      // not «ссаный»: it collapses to «саный», and «санный» (of a sledge) too
      'ссыкло',
      'ссыкун',
      'ссыкуны',
      ...['обоссать', 'нассать', 'зассать', 'обоссаться', 'уссаться'],
      ...decline('обосса', ['л', 'ла', 'ли', 'ло', 'лся', 'лась', 'лись', 'но', 'нный', 'нные']),
      ...decline('обосца', ['л', 'ли', 'лся', 'лись', 'нный', 'нные', 'ть', 'ться']),
      ...decline('насса', ['л', 'ла', 'ли', 'но']),
      ...decline('засса', ['л', 'ла', 'ли', 'нный', 'нная', 'нные', 'нных', 'нец', 'нцы']),
      ...decline('засца', ['л', 'ли', 'нный', 'нные']),
      ...decline('усса', ['лся', 'лась', 'лись', 'ться', 'тся']),
    ],
  },
  // not «серет»: «сереет» (turns grey) collapses to it
  { term: 'срать', category: 'vulgar', forms: ['срет', 'срут'] },
  {
    term: 'малофья',
    category: 'vulgar',
    forms: [...decline('малофь', ['я', 'и', 'ю', 'ей']), ...decline('малафь', ['я', 'и', 'ю'])],
  },
];

export const INSULT_WORDS: readonly WordEntry[] = [
  {
    term: 'идиот',
    category: 'insult',
    forms: [...decline('идиот', M_HARD), ...decline('идиотк', F_VELAR)],
  },
  {
    term: 'дебил',
    category: 'insult',
    forms: [...decline('дебил', M_HARD), ...decline('дебилк', F_VELAR)],
  },
  {
    term: 'кретин',
    category: 'insult',
    forms: [...decline('кретин', M_HARD), ...decline('кретинк', F_VELAR)],
  },
  { term: 'имбецил', category: 'insult', forms: decline('имбецил', M_HARD) },
  { term: 'дегенерат', category: 'insult', forms: decline('дегенерат', M_HARD) },
  {
    term: 'урод',
    category: 'insult',
    forms: [...decline('урод', M_HARD), ...decline('уродин', F_HARD)],
  },
  { term: 'придурок', category: 'insult', forms: fleeting('придурок', 'придурк', OBL_VELAR) },
  { term: 'ублюдок', category: 'insult', forms: fleeting('ублюдок', 'ублюдк', OBL_VELAR) },
  { term: 'выродок', category: 'insult', forms: fleeting('выродок', 'выродк', OBL_VELAR) },
  { term: 'подонок', category: 'insult', forms: fleeting('подонок', 'подонк', OBL_VELAR) },
  { term: 'отморозок', category: 'insult', forms: fleeting('отморозок', 'отморозк', OBL_VELAR) },
  { term: 'недоумок', category: 'insult', forms: fleeting('недоумок', 'недоумк', OBL_VELAR) },
  { term: 'мерзавец', category: 'insult', forms: fleeting('мерзавец', 'мерзавц', OBL_TS) },
  { term: 'засранец', category: 'insult', forms: fleeting('засранец', 'засранц', OBL_TS) },
  { term: 'подлец', category: 'insult', forms: decline('подлец', M_HARD) },
  { term: 'говнюк', category: 'insult', forms: decline('говнюк', M_VELAR) },
  {
    term: 'негодяй',
    category: 'insult',
    forms: decline('негодя', ['й', 'я', 'ю', 'ем', 'е', 'и', 'ев', 'ям', 'ями', 'ях']),
  },
  {
    term: 'упырь',
    category: 'insult',
    forms: decline('упыр', ['ь', 'я', 'ю', 'ем', 'е', 'и', 'ей', 'ям', 'ями', 'ях']),
  },
  {
    term: 'нелюдь',
    category: 'insult',
    forms: decline('нелюд', ['ь', 'и', 'ю', 'ем', 'ью', 'ей', 'ям', 'ями']),
  },
  { term: 'тварь', category: 'insult', forms: decline('твар', F_SOFT) },
  { term: 'мразь', category: 'insult', forms: [...decline('мраз', F_SOFT), 'мразота', 'мразоты'] },
  { term: 'шваль', category: 'insult', forms: decline('швал', ['ь', 'и', 'ью']) },
  {
    term: 'сволочь',
    category: 'insult',
    forms: [
      ...decline('сволоч', ['ь', 'и', 'ью', 'ей', 'ам', 'ами', 'ах']),
      ...decline('сволот', ['а', 'ы', 'е', 'у', 'ой']),
    ],
  },
  { term: 'скотина', category: 'insult', forms: decline('скотин', F_HARD) },
  // «скот» (livestock) and «скотный двор» are clean; only the plural of the insult is flagged.
  { term: 'скоты', category: 'insult', forms: ['скоты', 'скотов', 'скотам', 'скотами'] },
  { term: 'быдло', category: 'insult', forms: decline('быдл', ['о', 'а', 'у', 'ом', 'е']) },
  { term: 'гнида', category: 'insult', forms: decline('гнид', F_HARD) },
  { term: 'падла', category: 'insult', forms: decline('падл', ['а', 'ы', 'е', 'у', 'ой']) },
  { term: 'паскуда', category: 'insult', forms: decline('паскуд', F_HARD) },
  { term: 'шлюха', category: 'insult', forms: decline('шлюх', F_VELAR) },
  { term: 'шалава', category: 'insult', forms: decline('шалав', F_HARD) },
  { term: 'стерва', category: 'insult', forms: decline('стерв', ['а', 'ы', 'е', 'у', 'ой']) },
  { term: 'тупица', category: 'insult', forms: decline('тупиц', F_TS) },
  { term: 'кровопийца', category: 'insult', forms: decline('кровопийц', F_TS) },
  { term: 'чмо', category: 'insult', forms: ['чмо', 'чмошник', 'чмошники', 'чмошница'] },
  // A pejorative word-formation with no neutral sense; plain «воры», «жулики», «мошенники» are an
  // accusation, i.e. the substance of a complaint, and are not flagged.
  { term: 'ворюга', category: 'insult', forms: decline('ворюг', F_VELAR) },
  // Not «козлиной»: also the adjective «козлиный» («козлиной шерсти»).
  { term: 'козлина', category: 'insult', forms: decline('козлин', ['а', 'ы', 'е', 'у']) },
  {
    term: 'тупорылый',
    category: 'insult',
    forms: decline('тупорыл', ['ый', 'ая', 'ые', 'ых', 'ым', 'ыми', 'ого', 'ому']),
  },
  // Not «хлебала»: the past tense of «хлебать» («хлебала суп»).
  { term: 'хлебало', category: 'insult', forms: decline('хлебал', ['о', 'у', 'ом', 'е']) },
  {
    // «Нас держат за дураков», «дураков нет», «валять дурака», «остаться в дураках» are
    // idioms about the writer, not an insult to staff.
    term: 'дурак',
    category: 'insult',
    forms: [...decline('дурак', M_VELAR), ...decline('дур', ['а', 'ы', 'е', 'у', 'ой', 'ою'])],
    guard: {
      notAfter: set([
        'за',
        'нашли',
        'нашел',
        'нашла',
        'в',
        'валять',
        'валяют',
        'валяете',
        'валяет',
      ]),
      notBefore: set(['нет', 'валять', 'валяют', 'валяете', 'валяет']),
    },
  },
  // Issue 17: words that call people stupid, vile or parasites and have no neutral sense.
  // «Бездельники», «лентяи», «халтурщики» stay criticism of work (not flagged); «дармоеды»
  // (parasites living at others' expense) is an insult.
  { term: 'дармоед', category: 'insult', forms: decline('дармоед', M_HARD) },
  { term: 'недоносок', category: 'insult', forms: fleeting('недоносок', 'недоноск', OBL_VELAR) },
  { term: 'ушлепок', category: 'insult', forms: fleeting('ушлепок', 'ушлепк', OBL_VELAR) },
  { term: 'полудурок', category: 'insult', forms: fleeting('полудурок', 'полудурк', OBL_VELAR) },
  { term: 'олух', category: 'insult', forms: decline('олух', M_VELAR) },
  // «болванка» (a blank, an ingot) is clean: the masculine only.
  { term: 'болван', category: 'insult', forms: decline('болван', M_HARD) },
  { term: 'остолоп', category: 'insult', forms: decline('остолоп', M_HARD) },
  { term: 'дуболом', category: 'insult', forms: decline('дуболом', M_HARD) },
  { term: 'лизоблюд', category: 'insult', forms: decline('лизоблюд', M_HARD) },
  { term: 'жлоб', category: 'insult', forms: decline('жлоб', M_HARD) },
  { term: 'лошара', category: 'insult', forms: decline('лошар', F_HARD) },
  {
    term: 'долбодятел',
    category: 'insult',
    forms: fleeting('долбодятел', 'долбодятл', ['а', 'у', 'ом', 'е', 'ы', 'ов', 'ам', 'ами']),
  },
  {
    term: 'холуй',
    category: 'insult',
    forms: decline('холу', ['й', 'я', 'ю', 'ем', 'е', 'и', 'ев', 'ям', 'ями', 'ях']),
  },
  {
    term: 'гаденыш',
    category: 'insult',
    forms: decline('гаденыш', ['', 'а', 'у', 'ем', 'е', 'и', 'ей', 'ам', 'ами', 'ах']),
  },
  {
    term: 'ничтожество',
    category: 'insult',
    forms: decline('ничтожеств', ['о', 'а', 'у', 'ом', 'е', 'ам', 'ами', 'ах']),
  },
  { term: 'бестолочь', category: 'insult', forms: decline('бестолоч', F_SOFT) },
  { term: 'бездарь', category: 'insult', forms: decline('бездар', F_SOFT) },
  { term: 'гадина', category: 'insult', forms: decline('гадин', F_HARD) },
  { term: 'свинота', category: 'insult', forms: decline('свинот', ['а', 'ы', 'е', 'у', 'ой']) },
  { term: 'быдло', category: 'insult', forms: decline('быдлот', ['а', 'ы', 'е', 'у', 'ой']) },
  { term: 'шушера', category: 'insult', forms: decline('шушер', ['а', 'ы', 'е', 'у', 'ой']) },
  { term: 'шантрапа', category: 'insult', forms: decline('шантрап', ['а', 'ы', 'е', 'у', 'ой']) },
  { term: 'хамло', category: 'insult', forms: decline('хамл', ['о', 'а', 'у', 'ом', 'е']) },
  // Collectives in -ье: «хамьё», «дурачьё», «отребье», «отродье»; «дурачиться» is clean.
  { term: 'хамье', category: 'insult', forms: decline('хамь', ['е', 'я', 'ю', 'ем']) },
  { term: 'дурачье', category: 'insult', forms: decline('дурачь', ['е', 'я', 'ю', 'ем']) },
  { term: 'отребье', category: 'insult', forms: decline('отребь', ['е', 'я', 'ю', 'ем']) },
  { term: 'отродье', category: 'insult', forms: decline('отродь', ['е', 'я', 'ю', 'ем']) },
  { term: 'сброд', category: 'insult', forms: decline('сброд', ['', 'а', 'у', 'ом', 'е']) },
  {
    term: 'безмозглый',
    category: 'insult',
    forms: decline('безмозгл', ['ый', 'ая', 'ое', 'ые', 'ых', 'ым', 'ыми', 'ого', 'ому', 'ую']),
  },
  {
    term: 'тупоголовый',
    category: 'insult',
    forms: decline('тупоголов', ['ый', 'ая', 'ые', 'ых', 'ым', 'ыми', 'ого', 'ому', 'ую']),
  },
  // Wishing death is an insulting expression rather than a threat by the writer.
  { term: 'сдохнуть', category: 'insult', forms: ['сдохни', 'сдохните', 'подохни', 'подохните'] },
];

/**
 * Words that are insults only when said of a person: «козёл во дворе», «крысы в подвале»,
 * «паразиты» (pests), «соседи держат свиней», «фундамент осел» are clean. A nominative form is
 * flagged when (same clause, nothing like «что», «как», «в» between):
 * - a second-person pronoun or a staff noun stands up to three words before: «вы козлы»,
 *   «мастер — козёл», «вы там все свиньи»; or «вы»/«ты» right after: «крысы вы конторские»;
 * - it is compared with a person at the end of a clause: «ведёте себя как свиньи»;
 * - it is a whole exclamation: «Свиньи!», «Козлы проклятые!» (see `exclamation`);
 * - it stands alone between commas in a question or exclamation, next to a clause in the second
 *   person: «Паразиты, когда вы почините трубу?», «Когда почините, ослы?».
 * An instrumental form is flagged after a verb of naming: «считаю вас свиньями». Any form that
 * is spelled out or masked («с в и н ь и», «к*злы») is flagged without context: nobody disguises
 * the rats in the basement.
 */
export interface ContextEntry {
  term: string;
  /** Nominative forms. */
  forms: readonly string[];
  /** Instrumental forms, flagged after a verb of naming: «считаю вас свиньями». */
  instrumental?: readonly string[];
  /**
   * A one-word exclamation («Свиньи!», «Козлы!!!») is an insult. Not for animals that are a
   * complaint's topic on their own: «Крысы!», «Собаки!», «Паразиты!» may head a letter about them.
   */
  exclamation: boolean;
}

const ctx = (
  term: string,
  forms: readonly string[],
  instrumental: readonly string[],
  exclamation = true,
): ContextEntry => ({ term, forms, instrumental, exclamation });

export const CONTEXT_INSULTS: readonly ContextEntry[] = [
  ctx('козел', ['козел', 'козлы'], ['козлом', 'козлами']),
  ctx('свинья', ['свинья', 'свиньи'], ['свиньей', 'свиньею', 'свиньями']),
  ctx('баран', ['баран', 'бараны'], ['бараном', 'баранами']),
  ctx('осел', ['осел', 'ослы'], ['ослом', 'ослами']),
  ctx('шакал', ['шакал', 'шакалы'], ['шакалом', 'шакалами']),
  ctx('кровосос', ['кровосос', 'кровососы'], ['кровососом', 'кровососами']),
  ctx('гад', ['гад', 'гады'], ['гадом', 'гадами']),
  ctx('обезьяна', ['обезьяна', 'обезьяны'], ['обезьяной', 'обезьянами']),
  ctx('овца', ['овца', 'овцы'], ['овцой', 'овцами']),
  ctx('шавка', ['шавка', 'шавки'], ['шавкой', 'шавками']),
  ctx('гиена', ['гиена', 'гиены'], ['гиеной', 'гиенами']),
  ctx('стервятник', ['стервятник', 'стервятники'], ['стервятником', 'стервятниками']),
  ctx('ишак', ['ишак', 'ишаки'], ['ишаком', 'ишаками']),
  ctx('корова', ['корова', 'коровы'], ['коровой', 'коровами']),
  ctx('дятел', ['дятел', 'дятлы'], ['дятлом', 'дятлами']),
  ctx('клоун', ['клоун', 'клоуны'], ['клоуном', 'клоунами']),
  // «Чёрт!» alone is an interjection, «черти» is not.
  ctx('черт', ['черти'], ['чертями']),
  ctx('тупой', ['тупой', 'тупая', 'тупые'], ['тупыми']),
  ctx('убогий', ['убогий', 'убогая', 'убогие'], ['убогими']),
  ctx('конченый', ['конченый', 'конченая', 'конченые'], ['кончеными']),
  ctx('крыса', ['крыса', 'крысы'], ['крысой', 'крысами'], false),
  ctx('паразит', ['паразит', 'паразиты'], ['паразитом', 'паразитами'], false),
  ctx('пиявка', ['пиявка', 'пиявки'], ['пиявкой', 'пиявками'], false),
  ctx('собака', ['собака', 'собаки'], ['собакой', 'собаками'], false),
  ctx('пес', ['пес', 'псы'], ['псом', 'псами'], false),
  ctx('животное', ['животное', 'животные'], ['животными'], false),
  ctx('курица', ['курица', 'курицы'], ['курицей', 'курицами'], false),
];

/**
 * «Вы видели, как крысы бегают», «вы сказали, что крысы ушли»: a conjunction or a preposition
 * between the person and the animal word means the animal is not what the person is called.
 */
export const ADDRESS_BLOCKERS: ReadonlySet<string> = set([
  'что',
  'чтобы',
  'где',
  'куда',
  'откуда',
  'как',
  'какие',
  'какой',
  'какая',
  'когда',
  'если',
  'потому',
  'будто',
  'ли',
  'и',
  'а',
  'но',
  'или',
  'в',
  'во',
  'на',
  'у',
  'от',
  'для',
  'из',
  'с',
  'со',
  'под',
  'над',
  'про',
  'о',
  'об',
  'по',
  'за',
  'при',
  'без',
  'до',
  'через',
  'к',
  'ко',
  'этих',
  'своих',
  'ваших',
]);

/** Verbs of naming before an instrumental: «считаю вас свиньями», «вы оказались козлами». */
export const NAMING_WORDS: ReadonlySet<string> = set([
  'назвать',
  'называть',
  'называю',
  'называем',
  'назову',
  'обозвать',
  'считаю',
  'считаем',
  'считать',
  'являетесь',
  'являешься',
  'являются',
  'оказались',
  'оказался',
  'оказалась',
  'остаетесь',
]);

/** Words that may stand next to an animal word in an exclamation: «Свиньи проклятые!». */
export const EXCLAMATION_FILLERS: ReadonlySet<string> = set([
  'ну',
  'эх',
  'вот',
  'проклятые',
  'поганые',
  'вонючие',
  'жирные',
  'ленивые',
  'грязные',
  'позорные',
  'конторские',
  'тупые',
  'конченые',
]);

/**
 * Second person in a neighbouring clause makes an isolated animal word a form of address:
 * «Паразиты, когда вы почините трубу?», «Когда почините трубу, ослы?». Verbs are recognised by
 * their ending (see the detector), pronouns by this list.
 */
export const SECOND_PERSON: ReadonlySet<string> = set([
  'вы',
  'вас',
  'вам',
  'вами',
  'ты',
  'тебя',
  'тебе',
  'тобой',
  'ваш',
  'ваша',
  'ваше',
  'ваши',
  'вашу',
  'вашего',
  'вашей',
  'ваших',
  'вашим',
  'вашими',
  'вашем',
  'твой',
  'твоя',
  'твои',
  'твою',
]);

/** Markers that make a context insult personal. */
export const ADDRESS_WORDS: ReadonlySet<string> = set([
  'вы',
  'ты',
  'конченые',
  'конченый',
  'конченая',
  'редкостные',
  'редкостный',
  'сотрудник',
  'сотрудники',
  'сотрудница',
  'мастер',
  'мастера',
  'сантехник',
  'сантехники',
  'слесарь',
  'слесаря',
  'слесари',
  'электрик',
  'диспетчер',
  'диспетчеры',
  'диспетчера',
  'оператор',
  'операторы',
  'начальник',
  'начальники',
  'директор',
  'бухгалтер',
  'бухгалтерия',
  'контролер',
  'контролеры',
  'инспектор',
  'управляющий',
  'руководство',
  'чиновники',
  'менеджер',
  'менеджеры',
  'юрист',
  'специалист',
  'специалисты',
  'работники',
  'персонал',
  'дворник',
  'дворники',
  'электрики',
  'кассир',
  'кассиры',
  'кассирша',
  'бухгалтеры',
  'техник',
  'техники',
  'инженер',
  'инженеры',
  'паспортистка',
  'секретарь',
  'администратор',
  'администрация',
  'руководитель',
  'руководители',
  'начальство',
  'председатель',
  'управляющие',
  'чиновник',
  'работнички',
  'сотруднички',
]);

/**
 * «Чтоб вы сдохли»: the past tense is a death wish only after «чтоб(ы)» (three words back at
 * most); «мы чуть не сдохли от холода» is clean.
 */
export const DEATH_WISH_PAST: ReadonlySet<string> = set(['сдохли', 'сдох', 'сдохла', 'подохли']);
export const DEATH_WISH_MARKERS: ReadonlySet<string> = set(['чтоб', 'чтобы']);
export const DEATH_WISH_TERM = 'сдохнуть';

// ---------------------------------------------------------------------------------------------
// Forms tried against partly masked words («х*й», «п***ц», «бл@*ь»): only forms that people
// actually mask, so that a masked surname («П****в») or a footnote cannot fit a rare form.

export const MASKABLE_OBSCENE: readonly { term: string; forms: readonly string[] }[] = [
  {
    term: 'хуй',
    forms: [
      'хуй',
      'хуя',
      'хую',
      'хуем',
      'хуи',
      'хуев',
      'хуйня',
      'хуйню',
      'хуйней',
      'хули',
      'хуево',
      'хуевый',
      'хуевая',
      'хуевые',
      'хуета',
      'хуило',
      'хуйло',
      'нахуй',
      'нахуя',
      'похуй',
      'нихуя',
      'дохуя',
      'охуеть',
      'охуели',
      'охуел',
      'охуенно',
      'охуенный',
    ],
  },
  {
    term: 'пизда',
    forms: [
      'пизда',
      'пизды',
      'пизде',
      'пизду',
      'пиздой',
      'пиздец',
      'пиздеца',
      'пиздецом',
      'пиздит',
      'пиздят',
      'пиздеж',
      'пиздато',
      'пиздобол',
      'пиздюк',
      'спиздили',
      'спиздил',
      'распиздяй',
      'распиздяи',
      'пиздить',
    ],
  },
  {
    term: 'блядь',
    forms: ['блядь', 'бляди', 'блять', 'бля', 'блядство', 'блядский', 'блядская', 'блядские'],
  },
  {
    term: 'ебать',
    forms: [
      'ебать',
      'ебал',
      'ебала',
      'ебали',
      'ебало',
      'ебло',
      'ебаный',
      'ебаная',
      'ебаное',
      'ебаные',
      'ебаных',
      'ебанутый',
      'ебанутые',
      'ебанат',
      'ебаться',
      'ебет',
      'ебут',
      'ебучий',
      'заебали',
      'заебал',
      'заебало',
      'заебись',
      'наебали',
      'наебал',
      'наебать',
      'наебалово',
      'наебывать',
      'наебывают',
      'уебок',
      'уебки',
      'уебище',
      'уебища',
      'уебан',
      'уебаны',
      'выебываться',
      'отъебись',
      'съебись',
      'долбоеб',
      'долбоебы',
      'ебаные',
    ],
  },
  { term: 'сука', forms: ['сука', 'суки', 'суку', 'сукой', 'сучка', 'сучара', 'сучары'] },
  { term: 'мудак', forms: ['мудак', 'мудаки', 'мудака', 'мудила', 'мудилы', 'мудачье'] },
  {
    term: 'пидор',
    forms: [
      'пидор',
      'пидоры',
      'пидора',
      'пидоров',
      'пидорас',
      'пидорасы',
      'пидорасов',
      'пидар',
      'пидарас',
      'пидарасы',
      'пидарасов',
    ],
  },
  { term: 'гандон', forms: ['гандон', 'гандоны', 'гондон', 'гондоны'] },
  { term: 'залупа', forms: ['залупа'] },
  { term: 'хер', forms: ['хер', 'херня', 'херню', 'нахер', 'похер'] },
];

/** Insult terms whose nominative forms are tried against masked words («ид**ты», «м*азь»). */
export const MASKABLE_INSULT_TERMS: ReadonlySet<string> = new Set([
  'идиот',
  'дебил',
  'кретин',
  'урод',
  'придурок',
  'ублюдок',
  'тварь',
  'мразь',
  'сволочь',
  'скотина',
  'гнида',
  'дурак',
  'быдло',
  'чмо',
  'шлюха',
  'дармоед',
  'недоносок',
  'ушлепок',
  'подонок',
  'выродок',
  'отморозок',
  'мерзавец',
  'негодяй',
  'паскуда',
  'упырь',
  'кровопийца',
  'ничтожество',
  'дегенерат',
  'ворюга',
]);

/** Vulgar forms tried against masked words («ж*па», «г**но», «д*рьмо»). */
export const MASKABLE_VULGAR: readonly string[] = [
  'жопа',
  'жопу',
  'жопе',
  'жопой',
  'говно',
  'говна',
  'говном',
  'дерьмо',
  'дерьма',
  'срать',
  'насрать',
  'сраный',
  'ссать',
];

// ---------------------------------------------------------------------------------------------
// Allow-lists: ordinary words that resemble the lexicon. The anchored patterns already leave
// them alone; the list is kept as a guard and as documentation, and the spec checks each.

/**
 * Ordinary words that become a lexicon form once doubled letters are collapsed, matched on the
 * word as written (prefixes of it): «скотты» (Scots) is not «скоты», «скотинный двор» not
 * «скотина», «поддонок» (a small tray) not «подонок».
 */
export const WRITTEN_ALLOWED_PREFIXES: readonly string[] = ['скотт', 'скотинн', 'поддон'];

export const ALLOWED_WORDS: ReadonlySet<string> = set([
  'ебург', // colloquial for Екатеринбург
  'бляха',
  'бляхи',
  'бляху',
  'бляхой',
  'бляшка',
  'бляшки',
  'мандат',
  'мандарин',
  'мандарины',
  'херсон',
  'херсонская',
  'херувим',
  'херес',
  'хулиган',
  'хулиганы',
  'сукно',
  'сучок',
  'сучки',
  'сучья',
  'скипидар',
  'залупаться',
  'оскорбление',
]);

/**
 * All-Latin words are read only into complete known forms (the maskable forms, the word lists
 * and these), so that «Huebner», «Huynh» or a hex id never turn into мат.
 */
export const TRANSLIT_EXTRA_FORMS: readonly string[] = [
  'хуесос',
  'хуесосы',
  'блят',
  'бляд',
  'ебат',
  'ебаны',
  'ебаный',
  'хуйн',
  'пиздетс',
];

/** All-Latin words that would transliterate into an obscene form. */
export const LATIN_ALLOWED: ReadonlySet<string> = new Set([
  'ebay',
  'ebook',
  'ebooks',
  'ebony',
  'ebola',
  'ebert',
  'huge',
  'hue',
  'hues',
  'huey',
  'hui', // a Chinese name
  'hula',
  'huli',
]);

// ---------------------------------------------------------------------------------------------
// Threats (to life, health or property of staff: 59-ФЗ ст. 11 ч. 3). First-person future forms
// only, so «убили весь день», «вода убивает трубы», «сожгла кастрюлю», «взорвалась труба» stay
// clean.

/** Verbs that threaten life or health on their own: «убью», «пристрелю», «урою». */
export const KILL_VERBS: ReadonlySet<string> = set([
  'убью',
  'убьем',
  'поубиваю',
  'поубиваем',
  'пристрелю',
  'пристрелим',
  'застрелю',
  'застрелим',
  'перестреляю',
  'перестреляем',
  'зарежу',
  'зарежем',
  'прирежу',
  'прирежем',
  'задушу',
  'задушим',
  'придушу',
  'придушим',
  'удавлю',
  'удавим',
  'урою',
  'уроем',
  'покалечу',
  'покалечим',
  'искалечу',
  'искалечим',
  'изувечу',
  'изувечим',
  'изуродую',
  'изуродуем',
  'изобью',
  'изобьем',
  'отметелю',
  'отметелим',
  'отмудохаю',
  'отпизжу',
  'прикончу',
  'прикончим',
  'пришибу',
  'пришибем',
]);

/** «Убью весь выходной на ожидание» is an idiom: a kill verb followed by one of these is clean. */
export const TIME_WORDS: ReadonlySet<string> = set([
  'день',
  'дня',
  'дней',
  'полдня',
  'весь',
  'время',
  'час',
  'часа',
  'часы',
  'неделю',
  'месяц',
  'год',
  'выходной',
  'выходные',
  'отпуск',
  'вечер',
  'утро',
  'себя',
  'нервы',
  'здоровье',
]);

/** Possessives («ваш», «вашу») count only for arson and explosives: «сожгу ваш сарай». */
export type TargetKind = 'person' | 'body' | 'property' | 'possessive';

/** What a harm verb is aimed at: a person, a body part, or property of the company or staff. */
export const THREAT_TARGETS: ReadonlyMap<string, TargetKind> = new Map<string, TargetKind>([
  ...[
    'вас',
    'тебя',
    'вам',
    'тебе',
    'всех',
    'каждого',
    'сотрудника',
    'сотрудников',
    'сотрудницу',
    'мастера',
    'мастеров',
    'директора',
    'начальника',
    'диспетчера',
    'бухгалтера',
    'бухгалтершу',
    'оператора',
    'контролера',
    'слесаря',
    'сантехника',
    'сантехников',
    'электрика',
    'дворника',
    'управляющего',
    'операторов',
    'диспетчеров',
    'контролеров',
    'слесарей',
    'юриста',
    'инспектора',
    'семью',
    'детей',
    'жену',
    'мужа',
    'родных',
  ].map((w): [string, TargetKind] => [normalizeEntry(w), 'person']),
  // Accusative only: «вашей», «ваших», «вашем» (на вашей лестнице) are not targets.
  ...['ваш', 'ваша', 'вашу', 'ваше', 'ваши', 'вашего', 'твой', 'твою', 'твое', 'твои'].map(
    (w): [string, TargetKind] => [normalizeEntry(w), 'possessive'],
  ),
  ...[
    'голову',
    'башку',
    'бошку',
    'ноги',
    'руки',
    'шею',
    'морду',
    'рожу',
    'лицо',
    'кости',
    'зубы',
    'глотку',
    'горло',
    'кишки',
    'череп',
    'хребет',
    'пальцы',
    'язык',
    'глаза',
  ].map((w): [string, TargetKind] => [normalizeEntry(w), 'body']),
  ...[
    'офис',
    'офисы',
    'контору',
    'конторку',
    'кабинет',
    'кассу',
    'здание',
    'машину',
    'машины',
    'автомобиль',
    'управу',
    'жэк',
    'жэу',
    'дэз',
    'рэу',
    'управляющую',
    'бухгалтерию',
  ].map((w): [string, TargetKind] => [normalizeEntry(w), 'property']),
]);

const P: readonly TargetKind[] = ['person'];
const B: readonly TargetKind[] = ['body'];
const PB: readonly TargetKind[] = ['person', 'body'];
const PP: readonly TargetKind[] = ['person', 'property'];
const FIRE: readonly TargetKind[] = ['person', 'property', 'possessive'];

/**
 * Verbs that threaten only when aimed at a target nearby (same clause, four words either
 * side): «сожгу ваш офис», «ноги переломаю», but «прибью полку», «сломаю ногу на гололёде»,
 * «порву квитанцию», «побью рекорд» are clean. Verbs with an everyday figurative use next to a
 * person take body parts only: «выбью из вас перерасчёт», «снесу вам документы», «вырву у вас
 * компенсацию». «Уничтожу» is left out («уничтожу вас в суде»).
 */
export const HARM_VERBS: ReadonlyMap<string, readonly TargetKind[]> = new Map<
  string,
  readonly TargetKind[]
>(
  (
    [
      [['сожгу', 'сожжем', 'спалю', 'спалим', 'подожгу', 'подожжем'], FIRE],
      [['взорву', 'взорвем', 'подорву', 'подорвем'], FIRE],
      [['разнесу', 'разнесем', 'разгромлю', 'разгромим'], PP],
      [['разобью', 'разобьем', 'сломаю', 'сломаем'], PP],
      [['прибью', 'прибьем', 'побью', 'побьем', 'закопаю', 'закопаем', 'замочу', 'замочим'], P],
      [['грохну', 'грохнем', 'угроблю', 'угробим', 'размажу', 'подкараулю', 'подкараулим'], P],
      [['порву', 'порвем', 'порежу', 'порежем', 'отрежу', 'отрежем', 'перережу', 'перережем'], PB],
      [['переломаю', 'переломаем', 'поломаю', 'оторву', 'оторвем'], PB],
      [['проломлю', 'проломим', 'сверну', 'свернем', 'набью', 'набьем', 'снесу', 'снесем'], B],
      [['перегрызу', 'перегрызем', 'выколю', 'вырву', 'выбью', 'выбьем', 'выпущу'], B],
      [['откручу', 'открутим'], B],
    ] as const
  ).flatMap(([verbs, kinds]) =>
    verbs.map((v): [string, readonly TargetKind[]] => [normalizeEntry(v), kinds]),
  ),
);

/**
 * «Найду и закопаю»: a verb of tracking down shortly before a kill verb, or a harm verb aimed
 * at people, makes it a threat without a named target.
 */
export const HUNT_VERBS: ReadonlySet<string> = set([
  'найду',
  'найдем',
  'выслежу',
  'выследим',
  'отыщу',
]);

/** Set phrases, matched word by word within one sentence. */
export const THREAT_PHRASES: readonly string[] = [
  'вам не жить',
  'тебе не жить',
  'не жить вам',
  'не жить тебе',
  'не жилец',
  'не жильцы',
  'красного петуха',
  'пулю в лоб',
  'пулю в голову',
  'пулю в башку',
  'кровью умоетесь',
  'умоетесь кровью',
  'кровью умоешься',
  'кровью харкать',
  'знаю где вы живете',
  'знаю где ты живешь',
  'знаем где вы живете',
  'знаем где ты живешь',
  'знаю где живет',
  'живыми не уйдете',
  'живым не уйдешь',
  'дам в морду',
  'дам по морде',
  'дам в рожу',
  'дам по роже',
  'в морду дам',
  'по морде дам',
  'по роже дам',
].map((p) => p.split(' ').map(normalizeEntry).join(' '));

/**
 * Sending the reader somewhere rude: «идите в жопу» is an insult as well as a vulgar word
 * (VULGAR_ROOTS); «задница» alone is colloquial and is flagged only here.
 */
export const INSULT_PHRASES: readonly string[] = [
  'иди в жопу',
  'идите в жопу',
  'идите вы в жопу',
  'пошли в жопу',
  'пошли вы в жопу',
  'пошел в жопу',
  'пошел ты в жопу',
  // «задница» alone is colloquial and not flagged; sent there, it is an insult
  'иди в задницу',
  'идите в задницу',
  'идите вы в задницу',
  'пошли вы в задницу',
  'пошел ты в задницу',
].map((p) => p.split(' ').map(normalizeEntry).join(' '));
