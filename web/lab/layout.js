// Chart sizes that follow the page's width. An SVG chart is scaled to its box, so one drawn 560 px wide
// in a phone's 360 px box has 7 px tick labels; drawn at about the box's width, its text stays readable.

/**
 * The width to draw a chart at in `box`: `preferred` where the box is wider, else the box's own width,
 * but never under `least` (below that the titles and legends no longer fit; a hidden box, width 0, gets it).
 */
export function chartWidth(box, preferred, least = 400) {
  return Math.round(Math.min(preferred, Math.max(least, box.clientWidth)));
}
