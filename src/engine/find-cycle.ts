/**
 * Finds one dependency cycle, as the ids in order with the first repeated at the
 * end (`ML-3 -> ML-7 -> ML-3` is ['ML-3', 'ML-7', 'ML-3']), or null for a DAG.
 *
 * Method: iterative three-colour depth-first search over the graphology graph,
 * visiting nodes and out-neighbours in insertion order so the reported cycle is
 * stable for a given plan. O(V + E).
 */
import type { DirectedGraph } from 'graphology';

export function findCycle(graph: DirectedGraph): string[] | null {
  const WHITE = 0, GREY = 1, BLACK = 2;
  const colour = new Map<string, number>();
  const parent = new Map<string, string>();
  for (const root of graph.nodes()) {
    if (colour.get(root)) continue;
    const stack: Array<{ node: string; next: string[]; i: number }> = [{ node: root, next: graph.outNeighbors(root), i: 0 }];
    colour.set(root, GREY);
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.i >= top.next.length) {
        colour.set(top.node, BLACK);
        stack.pop();
        continue;
      }
      const v = top.next[top.i++];
      const c = colour.get(v) ?? WHITE;
      if (c === GREY) {
        // Walk the parent chain from top.node back to v: that is the cycle, reversed.
        const cycle = [v];
        for (let u = top.node; u !== v; u = parent.get(u)!) cycle.push(u);
        cycle.push(v);
        return cycle.reverse();
      }
      if (c === WHITE) {
        colour.set(v, GREY);
        parent.set(v, top.node);
        stack.push({ node: v, next: graph.outNeighbors(v), i: 0 });
      }
    }
  }
  return null;
}
