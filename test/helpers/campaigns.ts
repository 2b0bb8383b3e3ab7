/** Campaigns built the way the tests need them: explicit items, known dates. */
import { blankItem, campaignFromTemplate, type Campaign, type IsoDate, localIsoDate, type RectificationItem } from '../../src/core';

export interface Case {
  label: string;
  deadline: IsoDate | null;
  completed?: IsoDate | null;
  signedOff?: IsoDate | null;
  unit?: string;
  owner?: string;
  problem?: string;
}

export function item(c: Case): RectificationItem {
  return {
    ...blankItem(),
    problem: c.problem ?? c.label,
    measure: `措施:${c.label}`,
    unit: c.unit ?? '办公室',
    owner: c.owner ?? '张三',
    deadline: c.deadline,
    completed: c.completed ?? null,
    signedOff: c.signedOff ?? null,
  };
}

export function campaignWith(cases: Case[], start: IsoDate, extra: Partial<Campaign> = {}): Campaign {
  const base = campaignFromTemplate('jiefang-sixiang', { start, lang: 'zh-CN', name: '测试活动' });
  return { ...base, owners: ['张三', '李四'], ...extra, items: cases.map(item) };
}

/** The local calendar day, as LibreOffice's TODAY() sees it. */
export function localToday(): IsoDate {
  return localIsoDate(new Date());
}
