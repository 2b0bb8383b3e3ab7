/**
 * The task pane. In Excel it inserts into the open workbook, flags its ledger and adds status
 * columns to a ledger kept by hand; opened in a plain browser (Office.onReady gives no host, or
 * office.js could not load) the same page builds, flags and extends .xlsx files in the page and
 * downloads them. Nothing is sent anywhere.
 */
import './taskpane.css';
import { campaignFromTemplate, type Campaign, format, type Lang, localIsoDate, strings, type Strings, TEMPLATES } from '../core';
import { campaignFromPlan, parsePlan, type InferredDate, type ParsedPlan, type PlanSource } from '../core/plan';
import { decodePlanText, isOldWord, isZip } from '../docx/sniff';
import { langOfOffice } from '../excel/requirements';
import { bootAllows } from '../boot/handshake';
import { browserHost, excelHost, type PaneHost } from './hosts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Each language in its own script, the same in every locale (as language menus show them). */
const LANGUAGE_NAMES: Record<Lang, string> = { 'zh-CN': '简体中文', 'zh-TW': '繁體中文', en: 'English' };
const LANGS = Object.keys(LANGUAGE_NAMES) as Lang[];
const MAX_PLAN_FILE_BYTES = 64 * 1024 * 1024;
const asLang = (v: string | null | undefined): Lang | null => (LANGS.includes(v as Lang) ? (v as Lang) : null);

class Pane {
  private s: Strings;
  private busy = false;
  private plan: ParsedPlan | null = null;
  /** The text and year the preview was read from: edits apply to that reading only. */
  private planKey: string | null = null;

  constructor(
    private readonly host: PaneHost,
    private lang: Lang,
  ) {
    this.s = strings(lang);
    $<HTMLInputElement>('start').value = localIsoDate(new Date());
    for (const id of ['ui-lang', 'sheet-lang']) $<HTMLSelectElement>(id).replaceChildren(...LANGS.map((l) => new Option(LANGUAGE_NAMES[l], l)));
    $<HTMLSelectElement>('sheet-lang').value = lang;
    $<HTMLSelectElement>('ui-lang').value = lang;
    $<HTMLSelectElement>('ui-lang').addEventListener('change', (e) => this.setLanguage(asLang((e.target as HTMLSelectElement).value) ?? 'zh-CN'));
    for (const radio of document.querySelectorAll<HTMLInputElement>('input[name=source]')) radio.addEventListener('change', () => this.showSource());
    $('template').addEventListener('change', () => this.describeTemplate());
    $('read').addEventListener('click', () => this.readPlan());
    $('plan-file').addEventListener('change', () => this.run(() => this.readPlanFile()));
    $('add-phase').addEventListener('click', () => this.addPhaseRow());
    $('create').addEventListener('click', () => this.run(() => this.create()));
    $('flag').addEventListener('click', () => this.run(() => this.flag()));
    $('add-status').addEventListener('click', () => this.run(() => this.addStatus()));
    $('file-part').hidden = host.kind !== 'browser';
    $('distribute-part').hidden = !host.split;
    $('split').addEventListener('click', () => this.run(() => this.split()));
    $('merge').addEventListener('click', () => this.run(() => this.merge()));
    // 自检 needs Excel's own calculation: there is none in a plain browser.
    $('selftest-part').hidden = !host.selfTest;
    $('selftest').addEventListener('click', () => this.run(() => this.selfTest()));
    $('copy-report').addEventListener('click', () => this.copyReport());
    this.setLanguage(lang);
    this.showSource();
  }

  private setLanguage(lang: Lang): void {
    this.lang = lang;
    this.s = strings(lang);
    const p = this.s.pane;
    document.documentElement.lang = lang;
    for (const el of document.querySelectorAll<HTMLElement>('[data-text]')) el.textContent = p[el.dataset.text as keyof Strings['pane']];
    document.title = p.title;
    const browser = this.host.kind === 'browser';
    $('intro').textContent = browser ? `${p.intro} ${p.introBrowser}` : p.intro;
    $('create').textContent = browser ? p.download : p.insert;
    $('flag').textContent = browser ? p.flagDownload : p.flagRun;
    $('flag-hint').textContent = browser ? p.flagHintBrowser : p.flagHint;
    $('add-status').textContent = browser ? p.addStatusDownload : p.addStatusRun;
    $('add-status-hint').textContent = browser ? p.addStatusHintBrowser : p.addStatusHint;
    $('split').textContent = browser ? p.splitDownload : p.splitRun;
    $('split-hint').textContent = browser ? p.splitHint : p.splitHintExcel;
    $('merge').textContent = browser ? p.mergeDownload : p.mergeRun;
    $('merge-hint').textContent = browser ? p.mergeHint : p.mergeHintExcel;
    const t = this.s.selfTest;
    $('help-title').textContent = t.help;
    $('help-link').textContent = t.helpLink;
    $<HTMLAnchorElement>('help-link').href = `help.html#${lang}`;
    $('selftest-intro').textContent = t.intro;
    $('selftest').textContent = t.run;
    $('report-label').textContent = t.run;
    $('copy-report').textContent = t.copy;
    const select = $<HTMLSelectElement>('template');
    const chosen = select.value;
    select.replaceChildren(...TEMPLATES.map((t) => new Option(this.s.templates[t.id].name, t.id)));
    if (chosen) select.value = chosen;
    this.describeTemplate();
    if (this.plan) this.renderPreview(this.editedPlan(true) ?? this.plan);
    else $('preview-body').textContent = p.previewEmpty;
  }

  private source(): 'template' | 'plan' {
    return document.querySelector<HTMLInputElement>('input[name=source]:checked')?.value === 'plan' ? 'plan' : 'template';
  }

  private showSource(): void {
    const plan = this.source() === 'plan';
    $('plan-part').hidden = !plan;
    $('template-part').hidden = plan;
  }

  private describeTemplate(): void {
    const id = $<HTMLSelectElement>('template').value;
    $('template-description').textContent = id ? (this.s.templates[id]?.description ?? '') : '';
  }

  private year(): number | null | 'bad' {
    const text = $<HTMLInputElement>('year').value.trim();
    if (!text) return null;
    return /^20\d\d$/.test(text) ? Number(text) : 'bad';
  }

  private currentKey(): string {
    return `${$<HTMLInputElement>('year').value.trim()}\u0000${$<HTMLTextAreaElement>('plan').value}`;
  }

  private readPlan(): ParsedPlan | null {
    this.clearMessages();
    const text = $<HTMLTextAreaElement>('plan').value;
    if (!text.trim()) return this.fail(this.s.pane.needPlan);
    const year = this.year();
    if (year === 'bad') return this.fail(this.s.pane.badYear);
    this.plan = parsePlan(text, { year, lang: this.lang });
    this.planKey = this.currentKey();
    this.renderPreview(this.plan);
    if (!$<HTMLInputElement>('name').value && this.plan.title) $<HTMLInputElement>('name').value = this.plan.title.slice(0, 60);
    $('preview').focus();
    return this.plan;
  }

  /** A chosen .docx or .txt, read in the pane (nothing is uploaded) into the text box, then read as a plan. */
  private async readPlanFile(): Promise<void> {
    const input = $<HTMLInputElement>('plan-file');
    const file = input.files?.[0];
    if (!file) return;
    const f = this.s.plan.files;
    // Far above any plan: refused before the browser holds it in memory.
    if (file.size > MAX_PLAN_FILE_BYTES) {
      this.fail(format(this.s.cli.fileTooLarge, { path: file.name, size: Math.round(file.size / 1048576) }));
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (isOldWord(bytes) || (/\.(doc|wps)$/i.test(file.name) && !isZip(bytes))) {
      this.fail(format(f.oldWord, { path: file.name }));
      return;
    }
    let text: string;
    if (isZip(bytes) || /\.docx$/i.test(file.name)) {
      // The .docx reader (zip, XML) is loaded only when a Word file is chosen.
      const { docxText, DocxError } = await import(/* webpackChunkName: "docx" */ '../docx/plan-text');
      try {
        text = docxText(bytes);
      } catch (error) {
        if (!(error instanceof DocxError)) throw error;
        this.fail(format(error.kind === 'oldWord' ? f.oldWord : f.notDocx, { path: file.name }));
        return;
      }
      if (!text.trim()) {
        this.fail(format(f.emptyDocx, { path: file.name }));
        return;
      }
    } else text = decodePlanText(bytes);
    $<HTMLTextAreaElement>('plan').value = text;
    if (this.readPlan()) this.say(format(this.s.pane.readFile, { file: file.name }));
  }

  private renderPreview(plan: ParsedPlan): void {
    const p = this.s.pane;
    const list = (items: string[]) => {
      const ul = document.createElement('ul');
      for (const text of items.length ? items : [p.none]) {
        const li = document.createElement('li');
        li.textContent = text;
        ul.append(li);
      }
      return ul;
    };
    const heading = (text: string) => Object.assign(document.createElement('h3'), { textContent: text });
    // Pointing at an item (or focusing it) shows the sentence it was read from, so a wrong reading
    // shows at once: under the list, so that nothing above the pointer moves. Deadlines, below the
    // list, show theirs as a tooltip, and under the list when focused.
    document.querySelector('.plan-source')?.remove();
    const quote = Object.assign(document.createElement('p'), { className: 'plan-source', hidden: true });
    quote.setAttribute('aria-live', 'polite');
    const quoteOn = (el: HTMLElement, source: PlanSource | null | undefined, onHover: boolean) => {
      if (!source) return;
      el.title = source.text;
      const show = () => {
        quote.textContent = `${this.s.plan.summary.source}:${source.text}`;
        quote.hidden = false;
      };
      if (onHover) el.addEventListener('mouseenter', show);
      el.addEventListener('focusin', show);
    };
    $('preview-body').replaceChildren(Object.assign(document.createElement('p'), { textContent: `${plan.title || '—'}${plan.year ? ` · ${plan.year}` : ''}` }));
    $('phase-table').after(quote);
    $('plan-editor').hidden = false;
    // An activity plan's items are activities (they may overlap); a phase plan's are phases.
    $('phase-table').querySelector('th')!.textContent = plan.shape === 'activities' ? this.s.schedule.activityColumn : p.phaseName;
    $('phase-rows').replaceChildren(
      ...plan.phases.map((ph) => {
        const row = this.phaseRow(ph.name, ph.start, ph.end, ph.inferred, ph.tasks);
        quoteOn(row, ph.source, true);
        return row;
      }),
    );
    $('inferred-hint').hidden = !plan.phases.some((ph) => ph.inferred.length);
    $<HTMLInputElement>('leader').value = plan.leadingGroup.leader.join('、');
    $('assignments-part').hidden = !plan.assignments.length;
    $('assignment-list').replaceChildren(
      ...plan.assignments.map((a) =>
        Object.assign(document.createElement('li'), { textContent: `${a.due ?? p.noDate} ${a.task} ${[...a.lead, ...a.units].join('、')}` }),
      ),
    );
    const g = plan.leadingGroup;
    const more: HTMLElement[] = [
      heading(p.group),
      list([...g.deputies, ...g.members].length ? [[...g.deputies, ...g.members].join('、')] : []),
      heading(p.deadlines),
      list(plan.milestones.map((m) => `${m.due} ${m.text}`)),
    ];
    plan.milestones.forEach((m, i) => {
      const li = more[3].children[i] as HTMLElement | undefined;
      if (li) {
        li.tabIndex = 0;
        quoteOn(li, m.source, false);
      }
    });
    if (plan.warnings.length) {
      more.push(heading(p.warnings));
      const warnings = list(plan.warnings);
      warnings.className = 'warn';
      more.push(warnings);
    }
    $('preview-more').replaceChildren(...more);
  }

  /** One editable phase: name, start, end; a date the importer worked out is marked until it is changed. */
  private phaseRow(name: string, start: string | null, end: string | null, inferred: InferredDate[] = [], tasks: string[] = []): HTMLTableRowElement {
    const p = this.s.pane;
    const row = document.createElement('tr');
    row.dataset.tasks = JSON.stringify(tasks);
    const nameInput = Object.assign(document.createElement('input'), { value: name, maxLength: 60, className: 'phase-name' });
    nameInput.setAttribute('aria-label', p.phaseName);
    const date = (value: string | null, which: InferredDate) => {
      const input = Object.assign(document.createElement('input'), { type: 'date', value: value ?? '', className: `phase-${which}` });
      input.setAttribute('aria-label', which === 'start' ? p.phaseStart : p.phaseEnd);
      if (inferred.includes(which)) {
        input.classList.add('inferred');
        input.title = p.inferredHint;
      }
      input.addEventListener('input', () => {
        input.classList.remove('inferred');
        input.removeAttribute('title');
      });
      return input;
    };
    const remove = Object.assign(document.createElement('button'), { type: 'button', textContent: '×', className: 'remove-phase' });
    remove.setAttribute('aria-label', format(p.removePhase, { name }));
    // The button says which phase it removes, under the name as edited.
    nameInput.addEventListener('input', () => remove.setAttribute('aria-label', format(p.removePhase, { name: nameInput.value })));
    remove.addEventListener('click', () => row.remove());
    // Name above its two dates: the pane is as narrow as Excel's task pane (about 320 px).
    const dates = Object.assign(document.createElement('div'), { className: 'phase-dates' });
    dates.append(date(start, 'start'), Object.assign(document.createElement('span'), { textContent: '—' }), date(end, 'end'));
    const main = document.createElement('td');
    main.append(nameInput, dates);
    const side = document.createElement('td');
    side.append(remove);
    row.append(main, side);
    return row;
  }

  private addPhaseRow(): void {
    const row = this.phaseRow('', null, null);
    $('phase-rows').append(row);
    row.querySelector<HTMLInputElement>('.phase-name')!.focus();
  }

  /**
   * The plan as the user corrected it in the preview: phases from the rows (empty rows dropped),
   * the leader from its field. Null with a message when a row is not usable; `quiet` only reads.
   */
  private editedPlan(quiet = false): ParsedPlan | null {
    if (!this.plan) return null;
    const phases: ParsedPlan['phases'] = [];
    for (const [i, row] of [...$('phase-rows').querySelectorAll('tr')].entries()) {
      const value = (cls: string) => row.querySelector<HTMLInputElement>(`.${cls}`)!;
      const name = value('phase-name').value.trim();
      const start = value('phase-start').value || null;
      const end = value('phase-end').value || null;
      if (!name && !start && !end) continue;
      if (!name) return quiet ? null : this.fail(format(this.s.pane.phaseNoName, { n: i + 1 }));
      if (start && end && end < start) return quiet ? null : this.fail(format(this.s.pane.phaseBadDates, { name }));
      const inferred = (['start', 'end'] as const).filter((k) => value(`phase-${k}`).classList.contains('inferred'));
      phases.push({ name, start, end, inferred, tasks: JSON.parse(row.dataset.tasks ?? '[]') as string[] });
    }
    const leader = $<HTMLInputElement>('leader')
      .value.split(/[、,,;;\s]+/)
      .map((n) => n.trim())
      .filter(Boolean);
    return { ...this.plan, phases, leadingGroup: { ...this.plan.leadingGroup, leader } };
  }

  private campaign(): Campaign | null {
    const lang = asLang($<HTMLSelectElement>('sheet-lang').value) ?? 'zh-CN';
    const name = $<HTMLInputElement>('name').value.trim() || undefined;
    if (this.source() === 'template') {
      const start = $<HTMLInputElement>('start').value;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) return this.fail(this.s.pane.badStart);
      return campaignFromTemplate($<HTMLSelectElement>('template').value, { start, lang, name });
    }
    // Nothing is written before the user has seen what was read: a new text is read and shown first.
    const unseen = !this.plan || this.planKey !== this.currentKey();
    const plan = unseen ? this.readPlan() : this.editedPlan();
    if (!plan) return null;
    const tasksToLedger = $<HTMLInputElement>('tasks-to-ledger').checked;
    const made = campaignFromPlan(plan, { lang, name, today: localIsoDate(new Date()), tasksToLedger });
    if (!made.ok) return this.fail(made.reason === 'noYear' ? this.s.pane.noYear : this.s.pane.noSchedule);
    if (!unseen) return made.campaign;
    this.say(this.s.pane.checkPreview);
    return null;
  }

  private async create(): Promise<void> {
    const campaign = this.campaign();
    if (!campaign) return;
    const done = await this.host.create(campaign, this.s);
    this.say(done);
  }

  /** The chosen ledger file in a plain browser (undefined: none chosen, and the user was told); null in Excel. */
  private ledgerFile(): File | null | undefined {
    if (this.host.kind !== 'browser') return null;
    const file = $<HTMLInputElement>('ledger-file').files?.[0];
    if (!file) this.fail(this.s.pane.needFile);
    return file;
  }

  private async flag(): Promise<void> {
    const file = this.ledgerFile();
    if (file === undefined) return;
    this.say(await this.host.flag(file, localIsoDate(new Date()), this.s));
  }

  private async addStatus(): Promise<void> {
    const file = this.ledgerFile();
    if (file === undefined) return;
    this.say(await this.host.addStatus(file, this.lang, this.s));
  }

  private async split(): Promise<void> {
    const file = this.ledgerFile();
    if (file === undefined) return;
    this.say(await this.host.split!(file, this.lang, this.s));
  }

  private async merge(): Promise<void> {
    const file = this.ledgerFile();
    if (file === undefined) return;
    const units = [...($<HTMLInputElement>('unit-files').files ?? [])];
    if (!units.length) return void this.fail(this.s.pane.needUnitFiles);
    this.say(await this.host.merge!(file, units, this.lang, this.s));
  }

  private async selfTest(): Promise<void> {
    this.say(this.s.selfTest.running);
    const report = await this.host.selfTest!(this.lang, this.s);
    $<HTMLTextAreaElement>('report').value = report;
    $('report-part').hidden = false;
    $('copy-report').hidden = false;
    this.say(report.split('\n')[0]);
  }

  /** The clipboard API where the webview allows it, else the textarea's own copy. */
  private async copyReport(): Promise<void> {
    const area = $<HTMLTextAreaElement>('report');
    try {
      await navigator.clipboard.writeText(area.value);
    } catch {
      area.select();
      document.execCommand('copy');
    }
    this.say(this.s.selfTest.copied);
  }

  /** One action at a time: every button is disabled while it runs, so a second click does nothing. */
  private async run(action: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.clearMessages();
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('button')];
    buttons.forEach((b) => {
      b.disabled = true;
    });
    $('progress').hidden = false;
    $('status').textContent = this.s.pane.working;
    document.body.setAttribute('aria-busy', 'true');
    try {
      await action();
    } catch (error) {
      $('status').textContent = '';
      this.fail(this.host.message(error, this.s));
    } finally {
      this.busy = false;
      buttons.forEach((b) => {
        b.disabled = false;
      });
      $('progress').hidden = true;
      document.body.removeAttribute('aria-busy');
      if ($('status').textContent === this.s.pane.working) $('status').textContent = '';
    }
  }

  private say(text: string): void {
    $('status').textContent = text;
  }

  private fail(text: string): null {
    $('error').textContent = text;
    return null;
  }

  private clearMessages(): void {
    $('error').textContent = '';
    $('status').textContent = '';
  }
}

function savedLanguage(): Lang | null {
  try {
    return asLang(new URLSearchParams(window.location.search).get('lang'));
  } catch {
    return null;
  }
}

function start(host: PaneHost, officeLanguage?: string): void {
  const lang = savedLanguage() ?? (officeLanguage ? langOfOffice(officeLanguage) : langOfOffice(navigator.language));
  new Pane(host, lang);
}

// Where the boot script (src/boot/boot.js) found this webview too old, it shows why instead.
if (!bootAllows()) {
  // Nothing to start.
} else if (typeof Office === 'undefined') {
  start(browserHost());
} else {
  Office.onReady((info) => {
    if (info.host === Office.HostType.Excel) start(excelHost(), Office.context.displayLanguage);
    else start(browserHost());
  });
}
