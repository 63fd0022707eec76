import { describeConformance } from './scenarios.js';

describeConformance('axios');
