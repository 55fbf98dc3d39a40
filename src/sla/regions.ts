/**
 * Codes of the subjects of the Russian Federation for regional calendar overlays and
 * CALENDAR_REGION: ISO 3166-2:RU (83 codes). A code outside this list is refused (422 for an
 * overlay, a configuration error for CALENDAR_REGION).
 */
export const REGION_CODES = [
  // republics
  'RU-AD', // Адыгея
  'RU-AL', // Алтай
  'RU-BA', // Башкортостан
  'RU-BU', // Бурятия
  'RU-CE', // Чеченская Республика
  'RU-CU', // Чувашская Республика
  'RU-DA', // Дагестан
  'RU-IN', // Ингушетия
  'RU-KB', // Кабардино-Балкарская Республика
  'RU-KC', // Карачаево-Черкесская Республика
  'RU-KK', // Хакасия
  'RU-KL', // Калмыкия
  'RU-KO', // Коми
  'RU-KR', // Карелия
  'RU-ME', // Марий Эл
  'RU-MO', // Мордовия
  'RU-SA', // Саха (Якутия)
  'RU-SE', // Северная Осетия — Алания
  'RU-TA', // Татарстан
  'RU-TY', // Тыва
  'RU-UD', // Удмуртская Республика
  // krais
  'RU-ALT', // Алтайский край
  'RU-KAM', // Камчатский край
  'RU-KDA', // Краснодарский край
  'RU-KHA', // Хабаровский край
  'RU-KYA', // Красноярский край
  'RU-PER', // Пермский край
  'RU-PRI', // Приморский край
  'RU-STA', // Ставропольский край
  'RU-ZAB', // Забайкальский край
  // oblasts
  'RU-AMU', // Амурская
  'RU-ARK', // Архангельская
  'RU-AST', // Астраханская
  'RU-BEL', // Белгородская
  'RU-BRY', // Брянская
  'RU-CHE', // Челябинская
  'RU-IRK', // Иркутская
  'RU-IVA', // Ивановская
  'RU-KEM', // Кемеровская
  'RU-KGD', // Калининградская
  'RU-KGN', // Курганская
  'RU-KIR', // Кировская
  'RU-KLU', // Калужская
  'RU-KOS', // Костромская
  'RU-KRS', // Курская
  'RU-LEN', // Ленинградская
  'RU-LIP', // Липецкая
  'RU-MAG', // Магаданская
  'RU-MOS', // Московская
  'RU-MUR', // Мурманская
  'RU-NGR', // Новгородская
  'RU-NIZ', // Нижегородская
  'RU-NVS', // Новосибирская
  'RU-OMS', // Омская
  'RU-ORE', // Оренбургская
  'RU-ORL', // Орловская
  'RU-PNZ', // Пензенская
  'RU-PSK', // Псковская
  'RU-ROS', // Ростовская
  'RU-RYA', // Рязанская
  'RU-SAK', // Сахалинская
  'RU-SAM', // Самарская
  'RU-SAR', // Саратовская
  'RU-SMO', // Смоленская
  'RU-SVE', // Свердловская
  'RU-TAM', // Тамбовская
  'RU-TOM', // Томская
  'RU-TUL', // Тульская
  'RU-TVE', // Тверская
  'RU-TYU', // Тюменская
  'RU-ULY', // Ульяновская
  'RU-VGG', // Волгоградская
  'RU-VLA', // Владимирская
  'RU-VLG', // Вологодская
  'RU-VOR', // Воронежская
  'RU-YAR', // Ярославская
  // cities of federal significance
  'RU-MOW', // Москва
  'RU-SPE', // Санкт-Петербург
  // autonomous oblast and okrugs
  'RU-YEV', // Еврейская автономная область
  'RU-CHU', // Чукотский АО
  'RU-KHM', // Ханты-Мансийский АО — Югра
  'RU-NEN', // Ненецкий АО
  'RU-YAN', // Ямало-Ненецкий АО
] as const;

export type RegionCode = (typeof REGION_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(REGION_CODES);

/** Whether the code (upper case, e.g. RU-TA) is a known subject code. */
export const isRegionCode = (code: string): code is RegionCode => KNOWN.has(code);
