import { APPEAL_KINDS, type AppealKind } from '../../sla/sla-policy.entity';
import type { GisTopic } from './gis-types';

/** НСИ 220 («Тематика обращений») code → our appeal kind (GIS_ZHKH_TOPIC_KINDS). */
export type TopicKinds = ReadonlyMap<string, AppealKind>;

/** `nsi-base:nsiCodeType` (lib/hcs-nsi-base.xsd): at most 20 characters. */
const NSI_CODE = /^(A?\d{1,4}\.?)+$/;
const KEY = 'GIS_ZHKH_TOPIC_KINDS';

/**
 * `"1:complaint,2:claim,7:proposal"` → a map; every bad entry is a problem for the config's
 * start-up check (an unknown kind would otherwise register appeals with a kind no policy has).
 */
export function parseTopicKinds(raw: string | undefined): {
  kinds: Map<string, AppealKind>;
  problems: string[];
} {
  const kinds = new Map<string, AppealKind>();
  const problems: string[] = [];
  for (const entry of (raw ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const at = entry.indexOf(':');
    if (at < 0) {
      problems.push(`${KEY}: "${entry}" — expected code:kind`);
      continue;
    }
    const code = entry.slice(0, at).trim();
    const kind = entry.slice(at + 1).trim();
    if (!(APPEAL_KINDS as readonly string[]).includes(kind)) {
      problems.push(`${KEY}: "${entry}" — unknown kind "${kind}" (${APPEAL_KINDS.join(', ')})`);
    } else if (code.length > 20 || !NSI_CODE.test(code)) {
      problems.push(`${KEY}: "${entry}" — "${code}" is not an НСИ 220 code`);
    } else if (kinds.has(code)) {
      problems.push(`${KEY}: "${entry}" — code "${code}" is mapped twice`);
    } else kinds.set(code, kind as AppealKind);
  }
  return { kinds, problems };
}

/**
 * The kind of an imported appeal from its ГИС topic: the code's own mapping, else its parent
 * topic's (НСИ 220 codes are hierarchical, «2.4» under «2»), else `statement` as for any appeal
 * whose kind nobody stated. A free-text topic (AnotherTopic) says nothing about the kind.
 */
export function kindForGisTopic(topic: GisTopic, kinds: TopicKinds): AppealKind {
  if (topic.kind !== 'nsi') return 'statement';
  const parts = topic.code.split('.');
  for (let n = parts.length; n > 0; n -= 1) {
    const kind = kinds.get(parts.slice(0, n).join('.'));
    if (kind) return kind;
  }
  return 'statement';
}
