/**
 * Round trips to Excel, counted and kept under Excel on the web's 5 MB request limit: writes
 * reserve their estimated size, and the batch syncs first when the next write would not fit.
 */
import type { ContextApi } from './api';

/** Below the 5 MB limit, with room for the JSON envelope of each operation. */
export const REQUEST_BUDGET = 4 * 1024 * 1024;
/** An operation without a payload of its own, as Office.js serializes it. */
export const OPERATION_BYTES = 120;

export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value) ?? '';
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return n;
}

export class Batch {
  syncs = 0;
  private bytes = 0;

  constructor(
    readonly context: ContextApi,
    readonly budget = REQUEST_BUDGET,
  ) {}

  /** Makes room for an operation of `bytes`: syncs what is queued when it would not fit. */
  async reserve(bytes: number): Promise<void> {
    const size = bytes + OPERATION_BYTES;
    if (this.bytes > 0 && this.bytes + size > this.budget) await this.sync();
    this.bytes += size;
  }

  async sync(): Promise<void> {
    await this.context.sync();
    this.syncs++;
    this.bytes = 0;
  }

  /** Rows per write so that one write of `grid` stays within half the budget. */
  rowsPerChunk(grid: unknown[][]): number {
    const total = jsonBytes(grid);
    if (total <= this.budget / 2) return grid.length;
    return Math.max(1, Math.floor((grid.length * (this.budget / 2)) / total));
  }
}
