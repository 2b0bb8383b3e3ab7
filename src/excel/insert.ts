/**
 * Inserting a campaign into the open workbook: one round trip to learn what the workbook holds,
 * one (more only past the 5 MB request limit) to write. Nothing existing is touched: sheet
 * names that are taken get " (2)", workbook names and table names that are taken get a number.
 */
import { freeSheetName } from '../core/address';
import { campaignNames, layoutWorkbook, type SheetNames } from '../core/layout';
import type { Campaign } from '../core/model';
import type { WorkbookSpec } from '../core/spec';
import type { ContextApi, WorksheetApi } from './api';
import { Batch } from './batch';
import { ActionFailed, checkDateSystem, DATE_PROBE, firstSync, HostError } from './errors';
import { renderWorkbookInto } from './render';

export interface InsertOutcome {
  spec: WorkbookSpec;
  /** Sheet names as inserted (some may carry " (2)"). */
  sheets: string[];
  ledgerSheet: string;
  syncs: number;
}

/** The first suffix ('' , '2', '3' …) under which none of a campaign's workbook names is taken. */
export function freeNameSuffix(taken: Set<string>): string {
  for (let i = 1; ; i++) {
    const suffix = i === 1 ? '' : String(i);
    const { names, objectNames } = campaignNames(suffix);
    if ([...Object.values(names), ...Object.values(objectNames)].every((n) => !taken.has(n.toLowerCase()))) return suffix;
  }
}

export async function insertCampaign(context: ContextApi, campaign: Campaign): Promise<InsertOutcome> {
  const wb = context.workbook;
  wb.load('readOnly');
  wb.protection.load('protected');
  wb.worksheets.load('items/name');
  wb.names.load('items/name');
  wb.tables.load('items/name');
  const epoch = wb.functions.date(...DATE_PROBE).load('value,error');
  await firstSync(context);
  if (wb.readOnly) throw new HostError({ kind: 'readOnly' });
  if (wb.protection.protected) throw new HostError({ kind: 'workbookProtected' });
  // Every date the campaign holds is a 1900-system serial; in a 1904 workbook it would show 4 years late.
  checkDateSystem(epoch);

  const takenSheets = new Set(wb.worksheets.items.map((w) => w.name.toLowerCase()));
  const takenNames = new Set([...wb.names.items.map((n) => n.name), ...wb.tables.items.map((t) => t.name)].map((n) => n.toLowerCase()));
  const wanted = layoutWorkbook(campaign).sheets;
  const sheetNames: Partial<SheetNames> = {};
  for (const sheet of wanted) {
    const name = freeSheetName(sheet.name, takenSheets);
    takenSheets.add(name.toLowerCase());
    (sheetNames as Record<string, string>)[sheet.key] = name;
  }
  const spec = layoutWorkbook(campaign, { sheetNames, nameSuffix: freeNameSuffix(takenNames) });

  const batch = new Batch(context);
  let added: WorksheetApi[] = [];
  try {
    added = await renderWorkbookInto(batch, spec);
    await batch.sync();
  } catch (error) {
    // Leave the workbook as it was: remove whatever part of the campaign got in.
    throw new ActionFailed(error, added.length ? await removeInserted(context, spec, takenNames) : true);
  }
  return {
    spec,
    sheets: spec.sheets.map((s) => s.name),
    ledgerSheet: spec.sheets.find((s) => s.key === 'ledger')!.name,
    syncs: batch.syncs + 1,
  };
}

/**
 * Queues the look-up of what the insert added; the returned function, called after a sync, queues
 * its removal (what is no longer there is left alone).
 */
export function queueRemoval(context: ContextApi, spec: WorkbookSpec, namesBefore: Set<string>): () => void {
  const sheets = spec.sheets.map((s) => context.workbook.worksheets.getItemOrNullObject(s.name));
  const names = spec.names.filter((n) => !namesBefore.has(n.name.toLowerCase())).map((n) => context.workbook.names.getItemOrNullObject(n.name));
  return () => {
    for (const n of names) if (!n.isNullObject) n.delete();
    for (const ws of sheets) if (!ws.isNullObject) ws.delete();
  };
}

/** The sheet and workbook names were free before the insert: whatever holds them now came from it. */
export async function removeInserted(context: ContextApi, spec: WorkbookSpec, namesBefore: Set<string>): Promise<boolean> {
  try {
    const remove = queueRemoval(context, spec, namesBefore);
    await context.sync();
    remove();
    await context.sync();
    return true;
  } catch {
    // The original error is the one to report; the message says the workbook may hold a part.
    return false;
  }
}
