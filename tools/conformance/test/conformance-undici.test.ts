import { describeConformance } from './scenarios.js';

describeConformance('undici');
