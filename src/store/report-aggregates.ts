/**
 * Aggregate queries over `temp.report_conv` (see {@link buildReportTable}), one module per view. Every query
 * groups in SQLite and returns small rows (per period and day, per criterion and value, ...), never one row per
 * conversation.
 */
export * from './report-kpi-queries.js';
export * from './report-verdict-queries.js';
export * from './report-finding-queries.js';
export * from './report-spotlight-queries.js';
export * from './report-reason-queries.js';
