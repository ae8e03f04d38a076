// Subpath `@sparsekit/bench/report`: report building without the CLI.
export { buildReport, type BuiltReport } from './report/html.js';
export { writeReport, REPORT_FILE, type WrittenReport } from './report/write-report.js';
export { renderSvg } from './report/render-svg.js';
