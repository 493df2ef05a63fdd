/**
 * Working-day estimates (issue 14). The desk's calendar is the district's; a year the
 * district has not published is counted Monday to Friday, and every figure that rests
 * on such a year says so. The backend names the years; this only words them.
 */

function yearList(years: readonly number[]): string {
  return years.join("、");
}

/** The tooltip of an estimated countdown: which year, and what is estimated. */
export function estimateNote(years: readonly number[]): string | null {
  if (years.length === 0) return null;
  const y = yearList(years);
  return `${y} 年节假日安排尚未发布：该工单的剩余工作日和提前一个工作日的提醒按周一至周五估算`;
}

/** The extension picker's hint when its dates reach an unpublished year. */
export function pickerEstimateNote(years: readonly number[]): string | null {
  if (years.length === 0) return null;
  const y = yearList(years);
  return `${y} 年节假日安排尚未发布：${y} 年的日期按周一至周五列出，可能含节假日，请与区热线办核实`;
}
