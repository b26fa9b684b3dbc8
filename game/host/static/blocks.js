// Wordstack class round, Blocks: the grid drawn from the host's state message. Every
// block has its colour AND a shape per colour (as on the desktop, game/ui/scenes/
// blocks_view.py), so colour is never the only cue; words are shown with textContent.
const SVG = "http://www.w3.org/2000/svg";
// Okabe-Ito colours and their shapes, in the rules' colour order.
export const BLOCK_STYLES = [
  { name: "orange", shape: "circle" },
  { name: "sky blue", shape: "triangle" },
  { name: "green", shape: "square" },
  { name: "yellow", shape: "diamond" },
  { name: "purple", shape: "cross" },
];

function svgNode(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

// One block shape in a 20 x 20 box, filled with the current text colour.
export function shapeIcon(colour, className) {
  const style = BLOCK_STYLES[colour] || BLOCK_STYLES[0];
  const icon = svgNode("svg", { viewBox: "0 0 20 20", "aria-hidden": "true", class: className || "shape" });
  const shapes = {
    circle: () => svgNode("circle", { cx: 10, cy: 10, r: 8 }),
    triangle: () => svgNode("polygon", { points: "10,1.5 19,17 1,17" }),
    square: () => svgNode("rect", { x: 2.5, y: 2.5, width: 15, height: 15 }),
    diamond: () => svgNode("polygon", { points: "10,0.5 19.5,10 10,19.5 0.5,10" }),
    cross: () => svgNode("path", { d: "M7 1.5h6v5.5h5.5v6h-5.5v5.5h-6v-5.5h-5.5v-6h5.5z" }),
  };
  icon.append(shapes[style.shape]());
  return icon;
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

// The grid: `columns` x `rows` cells, each column's blocks from the bottom up. The
// last clue's runners-up (ranked 2nd and 3rd) still on the grid carry their rank.
export function drawGrid(grid, msg) {
  grid.style.setProperty("--columns", msg.columns);
  grid.style.setProperty("--rows", msg.rows);
  const ranks = new Map();
  if (msg.last) for (const r of msg.last.ranking.slice(1, 3)) ranks.set(r.id, r.rank);
  const cells = [];
  for (let row = msg.rows - 1; row >= 0; row -= 1) {
    for (let column = 0; column < msg.columns; column += 1) {
      const block = msg.grid[column][row];
      cells.push(block ? drawBlock(block, ranks.get(block.id)) : el("div", undefined, "cell"));
    }
  }
  // Blocks above the top row overflowed: the game is over, they are not drawn.
  grid.replaceChildren(...cells);
  for (const word of grid.querySelectorAll(".text")) fit(word);
  const words = msg.grid.flat().filter((b) => b.word).length;
  grid.setAttribute("aria-label", `Blocks grid, ${msg.columns} columns: ${words} word blocks`);
}

// A word on one line, made smaller until it fits its block (as the desktop shrinks it);
// a word too long even then breaks over two lines rather than being cut.
const SMALLEST_PX = 8;
function fit(word) {
  word.classList.add("one-line");
  let size = parseFloat(getComputedStyle(word).fontSize);
  while (word.scrollWidth > word.clientWidth && size > SMALLEST_PX) {
    size -= 0.5;
    word.style.fontSize = `${size}px`;
  }
  if (word.scrollWidth > word.clientWidth) word.classList.remove("one-line");
}

function drawBlock(block, rank) {
  const style = BLOCK_STYLES[block.colour] || BLOCK_STYLES[0];
  const node = el("div", undefined, `block c${block.colour}${block.word ? " word" : ""}`);
  node.append(shapeIcon(block.colour));
  if (block.word) {
    node.append(el("span", block.word, "text"));
    node.title = `${block.word} (${style.name} ${style.shape})`;
  } else {
    node.title = `${style.name} ${style.shape}`;
  }
  if (rank) node.append(el("span", String(rank), "rank"));
  return node;
}

// The ranking of the last clue: every word block best first, its shape beside it; the
// chosen one (1st) cleared its group, or stood alone (a miss).
export function drawBlocksRanking(list, title, last) {
  const best = Math.max(0.01, ...last.ranking.map((r) => r.score));
  const words = last.ranking.filter((r) => r.cleared).map((r) => r.word);
  const plain = last.group - words.length;
  const more = plain ? ` and ${plain} block${plain === 1 ? "" : "s"}` : "";
  const group = last.points ? `cleared ${words.join(", ")}${more}: +${last.points}` : "a lone block, no points";
  title.textContent = `“${last.clue}” chose ${last.chosen}: ${group}`;
  list.replaceChildren(...last.ranking.map((r) => {
    const row = el("div", undefined, "row");
    const track = el("div", undefined, "track");
    const fill = el("div", undefined, "fill");
    fill.style.width = `${Math.max(0, r.score / best) * 100}%`;
    track.append(fill);
    const word = el("span", undefined, "word");
    word.append(shapeIcon(r.colour, `shape c${r.colour}`), el("span", r.word));
    row.append(word, track, el("span", r.score.toFixed(2), "num"));
    const item = el("li", undefined, [r.rank === 1 ? "chosen" : "", r.cleared ? "cleared" : ""].join(" ").trim());
    item.append(row);
    return item;
  }));
}

// What the student reads after a clue.
export function blocksSaying(last) {
  if (last.points) return [`Cleared ${last.group} blocks with ${last.chosen}! +${last.points} points`, "good"];
  return [`${last.chosen} stood alone: no points, and a row rose.`, "refused"];
}

// The turn counter: the turn being played, of the round's turns.
export function turnText(msg) {
  if (!msg.turn_limit) return String(msg.turn + 1);
  return `${Math.min(msg.turn + 1, msg.turn_limit)}/${msg.turn_limit}`;
}

// The heading of the end of a Blocks game.
export function blocksOverTitle(msg) {
  if (msg.end === "turns") return `All ${msg.turn_limit} turns played`;
  if (msg.end === "overflow") return "A column reached the top";
  return "Time is up";
}
