/** The CSV's name is a TAO naming fact, spelled once in the TAO layer; re-exported for the parsers' users. */
export { trainingCsvFileName } from '../tao/paths.js';
