import { describe, expect, it } from "vitest";
import { lineChartScales, lineRuns } from "./line-chart";

describe("line chart geometry", () => {
  const frame = { width: 120, height: 110, left: 10, right: 10, top: 5, bottom: 5 };
  it("spreads points across the plot and maps 0–100% to its height", () => {
    const { x, y } = lineChartScales(frame, 3);
    expect([x(0), x(1), x(2)]).toEqual([10, 60, 110]);
    expect([y(0), y(50), y(100)]).toEqual([105, 55, 5]);
    expect(lineChartScales(frame, 1).x(0)).toBe(60);
  });
  it("leaves a gap where a value is missing", () => {
    const scales = lineChartScales(frame, 4);
    expect(lineRuns([0, null, 50, 100], scales)).toEqual([["10.0,105.0"], ["76.7,55.0", "110.0,5.0"]]);
  });
});
