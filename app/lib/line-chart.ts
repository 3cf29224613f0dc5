/**
 * The geometry of a percentage line chart, shared by the dashboard's SVG and the board pack's
 * PDF so both draw the same thing: x spreads the points across the plot, y maps 0–100% to its
 * height, and each series is cut into runs of consecutive known values (a gap where a value
 * is missing, rather than a line drawn through it).
 */
export interface LineChartFrame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function lineChartScales(frame: LineChartFrame, pointCount: number) {
  const plotWidth = frame.width - frame.left - frame.right;
  const plotHeight = frame.height - frame.top - frame.bottom;
  return {
    x: (i: number) => frame.left + (pointCount <= 1 ? plotWidth / 2 : (i * plotWidth) / (pointCount - 1)),
    y: (percent: number) => frame.top + plotHeight - (percent / 100) * plotHeight,
  };
}

/** Each run of known values as "x,y" coordinate pairs, one decimal place. */
export function lineRuns(
  values: Array<number | null>,
  scales: { x: (i: number) => number; y: (percent: number) => number },
): string[][] {
  const runs: string[][] = [];
  let run: string[] = [];
  values.forEach((percent, i) => {
    if (percent === null) {
      if (run.length) runs.push(run);
      run = [];
      return;
    }
    run.push(`${scales.x(i).toFixed(1)},${scales.y(percent).toFixed(1)}`);
  });
  if (run.length) runs.push(run);
  return runs;
}
