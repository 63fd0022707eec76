/**
 * The conformance suite on okx, once per HTTP transport; one file per exchange so jest runs the
 * exchanges side by side.
 */
import { CASES } from './cases.js';
import { describeConformance, TRANSPORTS } from './suite.js';

for (const transport of TRANSPORTS) describeConformance(CASES.okx, transport);
