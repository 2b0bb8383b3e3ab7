/**
 * The task pane. In Excel it inserts into the open workbook, flags its ledger and adds status
 * columns to a ledger kept by hand; opened in a plain browser (Office.onReady gives no host, or
 * office.js could not load) the same page builds, flags and extends .xlsx files in the page and
 * downloads them. Nothing is sent anywhere.
 *
 * Its three jobs are three tabs: a new workbook, the ledger at hand, distribution. Each action's
 * answer (progress, result, error) appears right below the button pressed, is scrolled into view
 * and is announced (each answer is a live region). Every action reads its inputs when it runs;
 * reading a plan replaces everything the previous reading put into the preview.
 */
import './taskpane.css';
import { campaignFromTemplate, type Campaign, format, type Lang, localIsoDate, strings, type Strings, TEMPLATES } from '../core';
import { campaignFromPlan, type InferredDate, type ParsedPlan, type PlanSource, type PlanWarning, readPlan } from '../core/plan';
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

const TABS = ['create', 'ledger', 'distribute'] as const;
type Tab = (typeof TABS)[number];
const TAB_KEY = 'campaign-ledger.tab';
/** After this long an action's answer also counts the seconds, so a slow action is seen to be alive. */
const PROGRESS_TICK_MS = 1000;
/** Spreadsheets chosen as a plan: said to be workbooks, not Word documents. */
const WORKBOOK_FILE = /\.(xlsx|xlsm|xls|et|ett|ods)$/i;

/** The buttons whose answer has a place of its own: `#<id>-answer`, right below the button. */
type Action = 'read' | 'create' | 'flag' | 'add-status' | 'split' | 'merge' | 'selftest';

class Pane {
  private s: Strings;
  private busy = false;
  /** Where the running (or last) action answers. */
  private answering: Action = 'create';
  private plan: ParsedPlan | null = null;
  private notes: PlanWarning[] = [];
  /** The text and year the preview was read from: edits apply to that reading only. */
  private planKey: string | null = null;
  /** The year field's value when the previous plan was read with it, and that plan's title. */
  private yearUsed: { value: string; title: string; text: string } | null = null;
  private planFileName = '';

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
    $('sheet-lang').addEventListener('change', () => this.showNamePlaceholder());
    for (const radio of document.querySelectorAll<HTMLInputElement>('input[name=source]')) radio.addEventListener('change', () => this.showSource());
    $('template').addEventListener('change', () => this.describeTemplate());
    $('read').addEventListener('click', () => this.run('read', async () => void this.readPlan()));
    $('plan-file').addEventListener('change', () => this.run('read', () => this.readPlanFile()));
    $('add-phase').addEventListener('click', () => this.addPhaseRow());
    $('create').addEventListener('click', () => this.run('create', () => this.create()));
    $('flag').addEventListener('click', () => this.run('flag', () => this.flag()));
    $('add-status').addEventListener('click', () => this.run('add-status', () => this.addStatus()));
    $('file-part').hidden = host.kind !== 'browser';
    $('distribute-part').hidden = !host.split;
    $('distribute-none').hidden = !!host.split;
    $('split').addEventListener('click', () => this.run('split', () => this.split()));
    $('merge').addEventListener('click', () => this.run('merge', () => this.merge()));
    for (const id of ['ledger-file', 'unit-files']) {
      // A file chosen anew: what was said about the previous one no longer holds.
      $(id).addEventListener('change', () => {
        this.clearAnswers();
        this.showFileNames();
      });
    }
    // 自检 needs Excel's own calculation: there is none in a plain browser.
    $('selftest-part').hidden = !host.selfTest;
    $('selftest').addEventListener('click', () => this.run('selftest', () => this.selfTest()));
    $('copy-report').addEventListener('click', () => this.copyReport());
    for (const tab of TABS) $(`tab-${tab}`).addEventListener('click', () => this.showTab(tab, true));
    $('tabs').addEventListener('keydown', (e) => this.tabKey(e));
    this.setLanguage(lang);
    this.showSource();
    this.showTab(savedTab() ?? 'create', false);
  }

  private setLanguage(lang: Lang): void {
    this.lang = lang;
    this.s = strings(lang);
    const p = this.s.pane;
    document.documentElement.lang = lang;
    for (const el of document.querySelectorAll<HTMLElement>('[data-text]')) el.textContent = p[el.dataset.text as keyof Strings['pane']];
    document.title = p.title;
    $('tabs').setAttribute('aria-label', p.jobs);
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
    // The step-by-step guide (in Chinese) and the help page in the pane's language.
    $('guide-link').textContent = t.helpLink;
    $('help-link').textContent = t.help;
    $<HTMLAnchorElement>('help-link').href = `help.html#${lang}`;
    $('selftest-title').textContent = t.run;
    $('selftest-intro').textContent = t.intro;
    $('selftest').textContent = t.run;
    $('report-label').textContent = t.run;
    $('copy-report').textContent = t.copy;
    const select = $<HTMLSelectElement>('template');
    const chosen = select.value;
    select.replaceChildren(...TEMPLATES.map((t) => new Option(this.s.templates[t.id].name, t.id)));
    if (chosen) select.value = chosen;
    this.describeTemplate();
    this.showFileNames();
    if (this.plan) this.renderPreview(this.editedPlan(true) ?? this.plan);
    else $('preview-body').textContent = p.previewEmpty;
  }

  /** One tab shown; the ledger file (browser) goes to the top of the ledger tab in view. */
  private showTab(tab: Tab, focus: boolean): void {
    for (const t of TABS) {
      const button = $(`tab-${t}`);
      button.setAttribute('aria-selected', String(t === tab));
      button.tabIndex = t === tab ? 0 : -1;
      $(`panel-${t}`).hidden = t !== tab;
    }
    if (tab !== 'create') $(`panel-${tab}`).prepend($('file-part'));
    if (focus) $(`tab-${tab}`).focus();
    try {
      localStorage.setItem(TAB_KEY, tab);
    } catch {
      // Storage refused (private mode, a locked-down webview): the pane opens on the first tab.
    }
  }

  /** Arrow keys, Home and End move between tabs, as the ARIA tabs pattern has them. */
  private tabKey(e: KeyboardEvent): void {
    const at = TABS.findIndex((t) => $(`tab-${t}`).getAttribute('aria-selected') === 'true');
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: TABS.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    this.showTab(TABS[(to + TABS.length) % TABS.length], true);
  }

  /** The chosen files' names beside each chooser, in the pane's language (not the browser's). */
  private showFileNames(): void {
    const p = this.s.pane;
    const names = (id: string) => [...($<HTMLInputElement>(id).files ?? [])].map((f) => f.name);
    const said = (list: string[]) => (!list.length ? p.noFileChosen : list.length === 1 ? list[0] : format(p.filesChosen, { n: list.length, first: list[0] }));
    $('ledger-file-name').textContent = said(names('ledger-file'));
    $('unit-files-name').textContent = said(names('unit-files'));
    $('plan-file-name').textContent = this.planFileName || p.noFileChosen;
  }

  private source(): 'template' | 'plan' {
    return document.querySelector<HTMLInputElement>('input[name=source]:checked')?.value === 'plan' ? 'plan' : 'template';
  }

  private showSource(): void {
    const plan = this.source() === 'plan';
    $('plan-part').hidden = !plan;
    $('template-part').hidden = plan;
    this.showNamePlaceholder();
  }

  private describeTemplate(): void {
    const id = $<HTMLSelectElement>('template').value;
    $('template-description').textContent = id ? (this.s.templates[id]?.description ?? '') : '';
    this.showNamePlaceholder();
  }

  /**
   * The name the workbook gets when the field is left empty: the template's, or the plan's title.
   * It is a placeholder, never the field's value, so a plan read before never names the next one.
   */
  private showNamePlaceholder(): void {
    const lang = asLang($<HTMLSelectElement>('sheet-lang').value) ?? this.lang;
    const id = $<HTMLSelectElement>('template').value;
    $<HTMLInputElement>('name').placeholder = (this.source() === 'plan' ? this.plan?.title : id ? strings(lang).templates[id]?.name : '') ?? '';
  }

  private year(): number | null | 'bad' {
    const text = $<HTMLInputElement>('year').value.trim();
    if (!text) return null;
    return /^20\d\d$/.test(text) ? Number(text) : 'bad';
  }

  private currentKey(): string {
    return `${$<HTMLInputElement>('year').value.trim()}\u0000${$<HTMLTextAreaElement>('plan').value}`;
  }

  /** Everything a previous reading put into the preview, gone: the pane shows no plan. */
  private clearPlan(): void {
    this.plan = null;
    this.notes = [];
    this.planKey = null;
    $('plan-editor').hidden = true;
    $('phase-rows').replaceChildren();
    $('assignment-list').replaceChildren();
    $('assignments-part').hidden = true;
    $('inferred-hint').hidden = true;
    $<HTMLInputElement>('tasks-to-ledger').checked = false;
    $<HTMLInputElement>('leader').value = '';
    $('preview-more').replaceChildren();
    $('preview-body').textContent = this.s.pane.previewEmpty;
    this.showNamePlaceholder();
  }

  /** Reads the text box as a plan, replacing the preview; null with a message when there is nothing to read. */
  private readPlan(): ParsedPlan | null {
    const text = $<HTMLTextAreaElement>('plan').value;
    this.clearPlan();
    if (!text.trim()) return this.fail(this.s.pane.needPlan);
    const year = this.year();
    if (year === 'bad') return this.fail(this.s.pane.badYear);
    let read = readPlan(text, { year, lang: this.lang });
    // A year typed for the previous plan is not this one's: a text of another title, read with the
    // year field as it was then, is read again without it (and the preview asks for its year).
    const used = this.yearUsed;
    if (year !== null && used && used.value === $<HTMLInputElement>('year').value.trim() && used.text !== text && read.plan.title !== used.title) {
      $<HTMLInputElement>('year').value = '';
      read = readPlan(text, { year: null, lang: this.lang });
    }
    this.yearUsed = this.year() === null ? null : { value: $<HTMLInputElement>('year').value.trim(), title: read.plan.title, text };
    this.plan = read.plan;
    this.notes = read.notes;
    this.planKey = this.currentKey();
    this.renderPreview(this.plan);
    this.showNamePlaceholder();
    $('preview').focus({ preventScroll: true });
    return this.plan;
  }

  /** A chosen .docx or .txt, read in the pane (nothing is uploaded) into the text box, then read as a plan. */
  private async readPlanFile(): Promise<void> {
    const input = $<HTMLInputElement>('plan-file');
    const file = input.files?.[0];
    if (!file) return;
    // Choosing the same file again reads it again; its name stays shown beside the chooser.
    input.value = '';
    this.planFileName = file.name;
    this.showFileNames();
    // A new file replaces the previous plan even when it cannot be read.
    this.clearPlan();
    const f = this.s.plan.files;
    // Far above any plan: refused before the browser holds it in memory.
    if (file.size > MAX_PLAN_FILE_BYTES) {
      this.fail(format(this.s.cli.fileTooLarge, { path: file.name, size: Math.round(file.size / 1048576) }));
      return;
    }
    if (WORKBOOK_FILE.test(file.name)) {
      this.fail(format(this.s.pane.planIsWorkbook, { path: file.name }));
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

  /** A plan warning in the pane's words: where the command line says --year, the pane names its 方案年份 field. */
  private warningText(note: PlanWarning): string {
    const p = this.s.pane;
    const own: Partial<Record<PlanWarning['code'], string>> = { noYear: p.warnNoYear, maskedYear: p.warnMaskedYear };
    return format(own[note.code] ?? this.s.plan.warnings[note.code], note.params);
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
    const yearFrom = plan.yearSource === 'option' ? p.yearFromField : plan.yearSource ? this.s.plan.summary.sources[plan.yearSource] : '';
    const year = plan.year ? ` · ${plan.year}(${yearFrom})` : '';
    $('preview-body').replaceChildren(Object.assign(document.createElement('p'), { textContent: `${plan.title || '—'}${year}` }));
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
    if (this.notes.length) {
      more.push(heading(p.warnings));
      const warnings = list(this.notes.map((n) => this.warningText(n)));
      warnings.className = 'warn';
      more.push(warnings);
    }
    $('preview-more').replaceChildren(...more);
  }

  /** One editable phase: name and ×, then start and end; a date the importer worked out is marked until it is changed. */
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
    // The name and its × on one line, the dates below: side by side where both fit whole,
    // else one under the other, each with its word (the pane can be 320 px wide, and a date box
    // must show its whole year).
    const head = Object.assign(document.createElement('div'), { className: 'phase-head' });
    head.append(nameInput, remove);
    const dates = Object.assign(document.createElement('div'), { className: 'phase-dates' });
    const word = (text: string) => Object.assign(document.createElement('span'), { textContent: text, className: 'date-word', ariaHidden: 'true' });
    const dash = Object.assign(document.createElement('span'), { textContent: '—', className: 'dash', ariaHidden: 'true' });
    dates.append(word(p.phaseStart), date(start, 'start'), dash, word(p.phaseEnd), date(end, 'end'));
    // A table cell cannot be a size container: the phase's box inside it is.
    const box = Object.assign(document.createElement('div'), { className: 'phase' });
    box.append(head, dates);
    const cell = document.createElement('td');
    cell.append(box);
    row.append(cell);
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
    if (!made.ok) return this.fail(this.noCampaign(plan, made.reason));
    if (!unseen) return made.campaign;
    this.say(this.s.pane.checkPreview);
    return null;
  }

  /** Why a plan gives no workbook, saying where in the pane to fix it. */
  private noCampaign(plan: ParsedPlan, reason: 'noYear' | 'noSchedule'): string {
    const p = this.s.pane;
    if (reason === 'noYear') return p.noYear;
    const undated = plan.phases.filter((ph) => !ph.start && !ph.end).map((ph) => ph.name);
    if (!undated.length) return p.noSchedule;
    const button = this.host.kind === 'browser' ? p.download : p.insert;
    return format(p.undatedPhases, { names: undated.join('、'), button });
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
    $('report-part').hidden = true;
    $('copy-report').hidden = true;
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
    this.answering = 'selftest';
    this.say(this.s.selfTest.copied);
  }

  /**
   * One action at a time: every button is disabled while it runs, so a second click does nothing.
   * Its answer shows below its button: progress at once (with the seconds counted after the
   * first), then what was done or what went wrong.
   */
  private async run(id: Action, action: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.clearAnswers();
    this.answering = id;
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('main button')];
    buttons.forEach((b) => {
      b.disabled = true;
    });
    document.body.setAttribute('aria-busy', 'true');
    const started = Date.now();
    const working = this.s.pane.working;
    const progress = Object.assign(document.createElement('progress'), { className: 'working' });
    const label = Object.assign(document.createElement('span'), { textContent: working });
    const answer = $(`${id}-answer`);
    answer.replaceChildren(progress, label);
    answer.classList.add('busy');
    const tick = window.setInterval(() => {
      label.textContent = format(this.s.pane.workingFor, { s: Math.round((Date.now() - started) / 1000) });
    }, PROGRESS_TICK_MS);
    this.show(answer);
    try {
      await action();
    } catch (error) {
      this.fail(this.host.message(error, this.s));
    } finally {
      window.clearInterval(tick);
      this.busy = false;
      buttons.forEach((b) => {
        b.disabled = false;
      });
      document.body.removeAttribute('aria-busy');
      answer.classList.remove('busy');
      // Nothing said: the progress goes.
      if (answer.contains(progress)) answer.replaceChildren();
    }
  }

  /** What was done, below the button pressed. */
  private say(text: string): void {
    this.answer(text, false);
  }

  /** What went wrong and what to do, below the button pressed; returns null for the caller to return. */
  private fail(text: string): null {
    this.answer(text, true);
    return null;
  }

  private answer(text: string, error: boolean): void {
    const region = $(`${this.answering}-answer`);
    // An error is announced at once; a result when the reader is free.
    region.setAttribute('aria-live', error ? 'assertive' : 'polite');
    region.classList.toggle('error', error);
    region.replaceChildren(Object.assign(document.createElement('p'), { textContent: text }));
    this.show(region);
  }

  /** Scrolled to where the user can see it: the pane can be long, and the button may be near its foot. */
  private show(region: HTMLElement): void {
    const box = region.getBoundingClientRect();
    const tall = box.height > window.innerHeight * 0.8;
    if (box.top < 0 || box.bottom > window.innerHeight) region.scrollIntoView({ block: tall ? 'start' : 'nearest' });
  }

  private clearAnswers(): void {
    for (const region of document.querySelectorAll<HTMLElement>('.answer')) {
      region.replaceChildren();
      region.classList.remove('error');
    }
  }
}

/** The tab asked for (taskpane.html?tab=ledger), else the one last used. */
function savedTab(): Tab | null {
  try {
    const tab = new URLSearchParams(window.location.search).get('tab') ?? localStorage.getItem(TAB_KEY);
    return TABS.includes(tab as Tab) ? (tab as Tab) : null;
  } catch {
    return null;
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
