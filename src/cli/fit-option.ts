import { Option } from 'commander';
import { FIT_MODES } from '../fit/apply-fits.js';
import { parseChoice } from './parse-options.js';

/** `--fit latest|none`, shared by score and calibrate. */
export function fitOption(): Option {
  return new Option('--fit <mode>', 'latest: use the latest `cxqa fit` stored in --db for this rubric, criterion and judge; none: the unfitted judge')
    .default('latest')
    .argParser(parseChoice('--fit', FIT_MODES));
}
