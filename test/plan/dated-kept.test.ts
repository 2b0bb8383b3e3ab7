/**
 * Issue 21's kept-aside set: 20 real plans and notices, their expectations written by reading and
 * committed before the reader was changed; the reader was not run on them until the end.
 * Until then this suite runs only with PLAN_KEPT=1.
 */
import path from 'node:path';
import { describeDatedSet } from '../helpers/dated-set';

const run = process.env.PLAN_KEPT === '1' ? describe : describe.skip;
run('kept-aside set', () => describeDatedSet('kept-aside set', path.resolve(__dirname, '../fixtures/plans-kept')));
