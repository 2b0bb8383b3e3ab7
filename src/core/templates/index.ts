/**
 * The built-in campaign kinds. Each is one JSON data file (phases or content areas, with
 * standard tasks, day offsets and default units) plus its texts in the locale table.
 */
import jiefangSixiang from './jiefang-sixiang.json';
import jiguanChuangxin from './jiguan-chuangxin.json';
import xuexiShijian from './xuexi-shijian.json';

export interface TemplateTask {
  key: string;
  /** Days from the start of its phase (or of the campaign, for areas). */
  offset: number;
  days: number;
  unit: string;
}

export interface TemplatePhase {
  key: string;
  days: number;
  unit: string;
  tasks: TemplateTask[];
}

export interface TemplateArea {
  key: string;
  tasks: TemplateTask[];
}

export interface TemplateData {
  id: string;
  /** Campaign length for templates without phases; phased templates sum their phases. */
  days?: number;
  units: string[];
  phases: TemplatePhase[];
  areas: TemplateArea[];
}

export const TEMPLATES: readonly TemplateData[] = [jiefangSixiang, xuexiShijian, jiguanChuangxin];
export const DEFAULT_TEMPLATE_ID = 'jiefang-sixiang';

export function findTemplate(id: string): TemplateData | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
