/**
 * The flag and add-status as the browser runs them (the package editor with fflate, no Node), for
 * hostile.ts's browser figures: a page loads this bundle and calls `hostileAction(url, command, asOf)`.
 */
import { flagXlsx } from '../xlsx/flag';
import { addStatusColumnsXlsx } from '../xlsx/status-columns';

interface Done {
  ok: boolean;
  ms: number;
  /** The refusal (a problem's kind and what), or the error's message. */
  problem?: string;
}

async function hostileAction(url: string, command: 'flag' | 'add-status', asOf: string): Promise<Done> {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const t0 = performance.now();
  try {
    if (command === 'flag') await flagXlsx(bytes, { asOf, runDate: asOf });
    else await addStatusColumnsXlsx(bytes, { asOf });
    return { ok: true, ms: Math.round(performance.now() - t0) };
  } catch (error) {
    const p = (error as { problem?: { kind: string; what?: string; reason?: string } }).problem;
    return { ok: false, ms: Math.round(performance.now() - t0), problem: p ? [p.kind, p.what ?? p.reason].filter(Boolean).join(':') : String(error) };
  }
}

(globalThis as unknown as { hostileAction: typeof hostileAction }).hostileAction = hostileAction;
