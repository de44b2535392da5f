/** CSV output for reports, exports and the template: the one writer in shared/csv/csv-file.ts (the exit package uses it too). */
export { csvCell, csvFile } from '../../shared/csv/csv-file';
