/** The conformance suite on okex-v1; one file per exchange so jest runs the exchanges side by side. */
import { CASES } from './cases.js';
import { describeConformance } from './suite.js';

describeConformance(CASES['okex-v1']);
