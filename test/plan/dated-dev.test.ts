/**
 * Issue 21's development set: 21 real plans and notices nobody on the team had seen (sources.json),
 * each expectation written by reading before the reader was run on it.
 */
import path from 'node:path';
import { describeDatedSet } from '../helpers/dated-set';

describeDatedSet('development set', path.resolve(__dirname, '../fixtures/plans-dev'));
