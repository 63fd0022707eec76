import { describeConformance } from './scenarios.js';

describeConformance('http');
