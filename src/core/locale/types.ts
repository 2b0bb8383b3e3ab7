export type Lang = 'zh-CN' | 'zh-TW' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'zh-TW', 'en'];

/** The seven ledger statuses, in the order the dashboard lists them. */
export const STATUS_KEYS = ['overdue', 'dueSoon', 'inProgress', 'noDeadline', 'completed', 'completedLate', 'signedOff', 'dateError'] as const;
export type StatusKey = (typeof STATUS_KEYS)[number];

export const PHASE_STATUS_KEYS = ['notStarted', 'inProgress', 'ended'] as const;
export type PhaseStatusKey = (typeof PHASE_STATUS_KEYS)[number];

export const RECTIFICATION_TYPE_KEYS = ['immediate', 'timeBound', 'longTerm'] as const;
export type RectificationTypeKey = (typeof RECTIFICATION_TYPE_KEYS)[number];

export const ROLE_KEYS = ['leader', 'deputy', 'member', 'office'] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];

export const LEDGER_COLUMN_KEYS = [
  'seq',
  'category',
  'problem',
  'measure',
  'type',
  'leader',
  'unit',
  'owner',
  'deadline',
  'completed',
  'status',
  'remaining',
  'signedOff',
  'signer',
  'remarks',
  'itemId',
] as const;
export type LedgerColumnKey = (typeof LEDGER_COLUMN_KEYS)[number];

export const SCHEDULE_COLUMN_KEYS = ['seq', 'phase', 'start', 'end', 'days', 'tasks', 'unit', 'status'] as const;
export type ScheduleColumnKey = (typeof SCHEDULE_COLUMN_KEYS)[number];

export const GROUP_COLUMN_KEYS = ['role', 'name', 'position', 'contact'] as const;
export type GroupColumnKey = (typeof GROUP_COLUMN_KEYS)[number];

/** Texts of one built-in template: its name, and the text of every key its data file uses. */
export interface TemplateStrings {
  name: string;
  description: string;
  phases: Record<string, { name: string; goal: string }>;
  /** Tasks of this template only; standard tasks come from `Strings.standardTasks`. */
  tasks: Record<string, string>;
  areas: Record<string, string>;
}

export interface Strings {
  sheets: { schedule: string; ledger: string; group: string; dashboard: string; settings: string };
  titles: { schedule: string; ledger: string; group: string; dashboard: string };
  asOfCaption: string;
  schedule: {
    columns: Record<ScheduleColumnKey, string>;
    statuses: Record<PhaseStatusKey, string>;
    timeline: string;
    areaColumn: string;
    /** The first column's header when the schedule is an activity plan's. */
    activityColumn: string;
    milestone: string;
  };
  ledger: {
    columns: Record<LedgerColumnKey, string>;
    statuses: Record<StatusKey, string>;
    types: Record<RectificationTypeKey, string>;
    invalidListTitle: string;
    invalidList: string;
    invalidDateTitle: string;
    invalidDate: string;
    /**
     * Headers of the hidden helper columns beside a ledger (helper-columns.ts), per date column
     * ({header}): its text as the date grammar rewrites it, and its day number. Each starts with the
     * same word, by which every reader knows them as ours.
     */
    helper: { text: string; day: string };
    /** A whole number of days, 0 to 365, refused (the due-soon window). */
    invalidDaysTitle: string;
    invalidDays: string;
  };
  group: {
    columns: Record<GroupColumnKey, string>;
    roles: Record<RoleKey, string>;
    lists: { types: string; units: string; categories: string; owners: string; caption: string };
  };
  dashboard: {
    asOf: string;
    asOfNote: string;
    dueSoonDays: string;
    dueSoonNote: string;
    keyFigures: string;
    total: string;
    overdue: string;
    dueSoon: string;
    signedOffShare: string;
    byStatus: string;
    status: string;
    count: string;
    byUnit: string;
    byOwner: string;
    unit: string;
    owner: string;
    open: string;
    done: string;
    phases: string;
    activities: string;
  };
  print: { page: string };
  defaults: { categories: string[] };
  /** Tasks and units several templates share (召开动员大会, 办公室 …), by key. */
  standardTasks: Record<string, string>;
  standardUnits: Record<string, string>;
  sample: {
    campaignName: string;
    people: { name: string; role: RoleKey; position: string; contact: string }[];
    owners: string[];
    problems: { problem: string; measure: string }[];
  };
  plan: {
    warnings: {
      empty: string;
      binary: string;
      truncated: string;
      noYear: string;
      maskedYear: string;
      invalidDate: string;
      endBeforeStart: string;
      phaseWithoutDates: string;
      cutRange: string;
      noStart: string;
      noEnd: string;
      noPhases: string;
      notPlan: string;
      activityWithoutDates: string;
      activityCutRange: string;
      activityNoStart: string;
      activityNoEnd: string;
      yearNumberDiffers: string;
      yearSignatureDiffers: string;
    };
    summary: {
      title: string;
      year: string;
      sources: { option: string; text: string; schedule: string; number: string; signature: string; none: string };
      phases: string;
      activities: string;
      tasks: string;
      milestones: string;
      leadingGroup: string;
      warnings: string;
      none: string;
      noDates: string;
      inferred: string;
      assignments: string;
      /** Before the sentence an item was read from, in the preview. */
      source: string;
    };
    files: {
      oldWord: string;
      notDocx: string;
      emptyDocx: string;
    };
  };
  flag: {
    sheets: { overdue: string; log: string; workdays: string };
    owned: { firstOverdue: string; daysOverdue: string; workdaysLeft: string };
    list: {
      title: string;
      caption: string;
      none: string;
      columns: {
        unit: string;
        owner: string;
        problem: string;
        measure: string;
        deadline: string;
        daysOverdue: string;
        firstOverdue: string;
        leader: string;
        row: string;
      };
    };
    notice: { title: string; unit: string; asOf: string; body: string; seq: string; replyBy: string; sign: string };
    log: { runDate: string; asOf: string; overdue: string; dueSoon: string; newlyOverdue: string; closed: string; ledger: string };
    workdays: { holidays: string; makeup: string; dataEnd: string; note: string };
    badDates: string;
    uncomputedDeadlines: string;
    beyondData: string;
    previewCaption: string;
  };
  /** 添加状态列: live status columns added to a ledger made by hand. */
  statusColumns: {
    /** The visible sheet of their settings. */
    sheet: string;
    title: string;
    asOf: string;
    asOfNote: string;
    dueSoon: string;
    dueSoonNote: string;
    year: string;
    yearNote: string;
    status: string;
    remaining: string;
    /** Appended to a header the ledger already uses: 整改状态(自动). */
    auto: string;
    added: string;
    ownStatus: string;
    alreadyAdded: string;
    extended: string;
    /** The print area set or widened: {area}. */
    printArea: string;
    /** Formulas already in place, the print area grown to items typed below: {sheet}, {last}, {area}. */
    printAreaGrown: string;
    /** The ledger set to print at a percentage that takes the new columns on its page width: {scale}. */
    printScale: string;
    ourLedger: string;
  };
  /** 分发与汇总: a ledger split into one workbook per unit, and the units' copies merged back. */
  distribute: {
    /** Headers of the columns the master gets: 台账编号, 来源. */
    itemId: string;
    source: string;
    /** A unit's file: {prefix}-{unit}.xlsx. */
    filePrefix: string;
    /** The copy's ledger title: {campaign}, {unit}. */
    copyTitle: string;
    instructionsSheet: string;
    infoSheet: string;
    logSheet: string;
    stateSheet: string;
    /** The copy's hidden sheet of dropdown entries. */
    listsSheet: string;
    /** 填报说明: its title and lines ({unit}, {campaign}, {date}, {open}, {asOf}: statusAsOf or statusToday). */
    instructionsTitle: string;
    instructions: string[];
    /** 汇总记录's headers. */
    logHeaders: [string, string, string, string, string, string, string, string];
    /** The 列 of a log row for an appended item. */
    newItem: string;
    /** 来源 of an appended item: {file}, {sheet}, {row}. */
    sourceText: string;
    numbered: string;
    idColumnAdded: string;
    split: string;
    splitUnit: string;
    statusAsOf: string;
    statusToday: string;
    copiesAsOf: string;
    copiesToday: string;
    noUnit: string;
    noItems: string;
    mergedFile: string;
    unchangedFile: string;
    mergedFileConflicts: string;
    appended: string;
    older: string;
    otherUnit: string;
    unknownId: string;
    noId: string;
    protectedEdit: string;
    conflict: string;
    conflicts: string;
    olderBlank: string;
    empty: string;
    deleted: string;
    duplicate: string;
    noRoom: string;
    unmatchedColumns: string;
    /** After the first reports: how many more. */
    moreReported: string;
    logged: string;
    total: string;
    nothingChanged: string;
    anotherCampaign: string;
    masterWithoutIds: string;
    notAMaster: string;
  };
  /** The task pane (in Excel and as a web page). */
  pane: Record<
    | 'title'
    | 'intro'
    | 'introBrowser'
    | 'uiLanguage'
    | 'create'
    | 'source'
    | 'fromTemplate'
    | 'fromPlan'
    | 'template'
    | 'planText'
    | 'planHint'
    | 'read'
    | 'preview'
    | 'previewEmpty'
    | 'name'
    | 'start'
    | 'year'
    | 'sheetLanguage'
    | 'insert'
    | 'download'
    | 'flag'
    | 'flagHint'
    | 'flagHintBrowser'
    | 'ledgerFile'
    | 'flagRun'
    | 'flagDownload'
    | 'ledgerSection'
    | 'addStatus'
    | 'addStatusHint'
    | 'addStatusHintBrowser'
    | 'addStatusRun'
    | 'addStatusDownload'
    | 'statusFile'
    | 'split'
    | 'splitHint'
    | 'splitDownload'
    | 'splitFiles'
    | 'merge'
    | 'unitFiles'
    | 'mergeHint'
    | 'mergeDownload'
    | 'mergedFile'
    | 'needUnitFiles'
    | 'splitRun'
    | 'splitHintExcel'
    | 'splitOpened'
    | 'splitOpenedMac'
    | 'splitOpenFailed'
    | 'splitCopyTooLarge'
    | 'mergeRun'
    | 'mergeHintExcel'
    | 'working'
    | 'inserted'
    | 'downloaded'
    | 'flaggedFile'
    | 'needPlan'
    | 'needFile'
    | 'badYear'
    | 'badStart'
    | 'noYear'
    | 'noSchedule'
    | 'phases'
    | 'group'
    | 'deadlines'
    | 'warnings'
    | 'none'
    | 'noDate'
    | 'chooseFile'
    | 'planFile'
    | 'readFile'
    | 'phaseName'
    | 'phaseStart'
    | 'phaseEnd'
    | 'addPhase'
    | 'removePhase'
    | 'leader'
    | 'inferredHint'
    | 'assignments'
    | 'tasksToLedger'
    | 'phaseNoName'
    | 'phaseBadDates'
    | 'checkPreview'
    | 'jobs'
    | 'tabCreate'
    | 'tabLedger'
    | 'tabDistribute'
    | 'distributeNone'
    | 'yearHint'
    | 'yearFromField'
    | 'warnNoYear'
    | 'warnMaskedYear'
    | 'undatedPhases'
    | 'planIsWorkbook'
    | 'chooseFiles'
    | 'noFileChosen'
    | 'filesChosen'
    | 'workingFor',
    string
  >;
  /** Messages of the add-in inside Excel (task pane and ribbon). */
  host: {
    /** The open workbook, where a message names a file. */
    thisWorkbook: string;
    readOnly: string;
    workbookProtected: string;
    sheetProtected: string;
    noLedger: string;
    unreadable: string;
    unreadableCell: string;
    unsupported: string;
    tooLarge: string;
    unexpected: string;
    inserted: string;
    flagged: string;
    flaggedNone: string;
    preview: string;
    byUnit: string;
    flagTitle: string;
    close: string;
    cellEditing: string;
    /** {where}: the member Excel names, in parentheses, or nothing. */
    accessDenied: string;
    inactiveWorkbook: string;
    dateSystem1904: string;
    /** DATE(1904,1,2) answered neither 1463 nor 1: {got}. */
    dateProbe: string;
    undone: string;
    dialogUnreadable: string;
  };
  selfTest: {
    help: string;
    helpLink: string;
    intro: string;
    run: string;
    running: string;
    copy: string;
    copied: string;
    summary: string;
    passLine: string;
    failLine: string;
    environment: string;
    apiSets: string;
    notRemoved: string;
  };
  cli: Record<string, string>;
  templates: Record<string, TemplateStrings>;
}
