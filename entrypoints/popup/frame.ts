/**
 * The popup's last rendering, kept in this page's localStorage as a tree of tags, attributes and
 * text, so that the next popup's first frame is drawn before any of the view's code has loaded.
 * It is rebuilt with createElement and text nodes (never parsed as HTML), from what our own view
 * drew, and replaced by the live view a moment later: there is one view, and this is its copy.
 */
const FRAME_KEY = 'descant.popupFrame.v1';

/** Text, or an element: its tag, its attributes, its children. */
type FrameNode = string | [string, Record<string, string>, FrameNode[]];

/** Keeps what `root` shows within the window's height: the first frame has nothing else to draw. */
export function keepFrame(root: Element): void {
  const below = root.ownerDocument.documentElement.clientHeight;
  try {
    localStorage.setItem(FRAME_KEY, JSON.stringify(framesOf(root, below)));
  } catch {
    // Full or disabled: the next popup draws its first frame from the view instead.
  }
}

/** Draws the kept frame into `root`; false when there is none. */
export function restoreFrame(root: Element): boolean {
  try {
    const frame = JSON.parse(localStorage.getItem(FRAME_KEY) ?? '[]') as FrameNode[];
    if (!Array.isArray(frame) || frame.length === 0) return false;
    root.replaceChildren(...frame.map((node) => fromFrame(node, root.ownerDocument)));
    return true;
  } catch {
    // Not a frame we kept (from another version, say): the view draws the first frame itself.
    root.replaceChildren();
    return false;
  }
}

/** The children of `parent`, up to the first element that starts below `below` (in px from the top). */
function framesOf(parent: Element, below: number): FrameNode[] {
  const frames: FrameNode[] = [];
  for (const node of parent.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) frames.push(node.textContent ?? '');
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const element = node as Element;
    if (element.getBoundingClientRect().top > below) break;
    const attributes = Object.fromEntries([...element.attributes].map((attribute) => [attribute.name, attribute.value]));
    frames.push([element.localName, attributes, framesOf(element, below)]);
  }
  return frames;
}

function fromFrame(node: FrameNode, doc: Document): Node {
  if (typeof node === 'string') return doc.createTextNode(node);
  const [tag, attributes, children] = node;
  const element = doc.createElement(tag);
  // Our view sets no handler attributes; any here would not be ours.
  for (const [name, value] of Object.entries(attributes)) if (!name.startsWith('on')) element.setAttribute(name, value);
  element.append(...children.map((child) => fromFrame(child, doc)));
  return element;
}
