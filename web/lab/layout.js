// Chart sizes that follow the page's width. An SVG chart is scaled to its box, so one drawn 560 px wide
// in a phone's 360 px box has 7 px tick labels; drawn at about the box's width, its text stays readable.

/**
 * The width to draw a chart at in `box`: `preferred` where the box is wider, else the box's own width,
 * but never under `least` (below that the titles and legends no longer fit; a hidden box, width 0, gets it).
 */
export function chartWidth(box, preferred, least = 400) {
  return Math.round(Math.min(preferred, Math.max(least, box.clientWidth)));
}

/**
 * Charts drawn at their boxes' widths, and drawn again when a box's width changes: a chart drawn while
 * its panel is hidden (width 0, so at `least`) would otherwise keep that width once the panel is
 * shown, and one drawn before the window was resized its old width. `lineChart` renders the SVG.
 */
export function fittedCharts(lineChart) {
  const charts = new Map();
  const render = (box) => {
    const chart = charts.get(box);
    chart.width = chartWidth(box, chart.preferred, chart.least);
    box.innerHTML = lineChart({ ...chart.options, width: chart.width });
  };
  // Hidden (width 0) a box keeps its chart; at the width it was drawn at, it needs nothing.
  const observer = typeof ResizeObserver === 'function' ? new ResizeObserver((entries) => {
    for (const { target } of entries) {
      const chart = charts.get(target);
      if (chart && target.clientWidth > 0 && chartWidth(target, chart.preferred, chart.least) !== chart.width) render(target);
    }
  }) : null;
  return {
    /** Draw `options` (lineChart's, less the width) in `box`, `preferred` px wide where it fits (see chartWidth). */
    draw(box, options, preferred, least = 400) {
      if (!charts.has(box)) observer?.observe(box);
      charts.set(box, { options, preferred, least });
      render(box);
    },
    /** Put `html` in `box` in place of its chart, which is then no longer redrawn. */
    clear(box, html) {
      charts.delete(box);
      observer?.unobserve(box);
      box.innerHTML = html;
    },
  };
}
