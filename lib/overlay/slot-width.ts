/**
 * The font a badge is drawn in: the same as `:host` in badges.css (a unit test keeps the two
 * alike), so its text can be measured without laying out the page.
 */
export const BADGE_FONT = "12px system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";

/**
 * What a badge's face adds to its text, in px: its padding (0.5em each side of 12 px) and
 * border (1 px each side), and a little room for the browser rounding text differently
 * when it lays it out than when it measures it.
 */
const FACE_EXTRA_PX = 12 + 2 + 2;

/** Where text cannot be measured: wide enough for most text, so little is cut. */
const FALLBACK_PX_PER_CHARACTER = 7.5;

const measurers = new WeakMap<Document, (text: string) => number>();

/**
 * How wide a badge's slot must be to hold its face. Measured with a canvas, which lays out
 * nothing on the page; each text once per page (a directory repeats a few texts many times).
 */
export function slotWidth(doc: Document, text: string): number {
  let measure = measurers.get(doc);
  if (!measure) measurers.set(doc, (measure = textMeasurer(doc)));
  return Math.ceil(measure(text) + FACE_EXTRA_PX);
}

function textMeasurer(doc: Document): (text: string) => number {
  let context: CanvasRenderingContext2D | null = null;
  try {
    context = doc.createElement('canvas').getContext('2d');
  } catch {
    // Refused (some privacy settings): estimated below.
  }
  const widths = new Map<string, number>();
  if (context) context.font = BADGE_FONT;
  return (text) => {
    let width = widths.get(text);
    if (width === undefined) {
      width = context ? context.measureText(text).width : [...text].length * FALLBACK_PX_PER_CHARACTER;
      widths.set(text, width);
    }
    return width;
  };
}
