import { DirectedGraph } from 'graphology';
import { findCycle } from '../../src/engine/find-cycle';

function graph(edges: Array<[string, string]>, nodes: string[] = []): DirectedGraph {
  const g = new DirectedGraph();
  for (const n of nodes) g.mergeNode(n);
  for (const [a, b] of edges) g.mergeEdge(a, b);
  return g;
}

describe('findCycle', () => {
  it('returns a self-loop as [v, v]', () => {
    expect(findCycle(graph([['A', 'A']]))).toEqual(['A', 'A']);
  });

  it('returns null for a DAG, including the empty graph', () => {
    expect(findCycle(graph([]))).toBeNull();
    // A diamond has two paths to D but no cycle (D is reached twice: black, not grey).
    expect(findCycle(graph([['A', 'B'], ['A', 'C'], ['B', 'D'], ['C', 'D']]))).toBeNull();
  });

  it('returns the cycle in edge order, first id repeated at the end', () => {
    expect(findCycle(graph([['ML-1', 'ML-3'], ['ML-3', 'ML-7'], ['ML-7', 'ML-3']]))).toEqual(['ML-3', 'ML-7', 'ML-3']);
    expect(findCycle(graph([['A', 'B'], ['B', 'C'], ['C', 'D'], ['D', 'B']]))).toEqual(['B', 'C', 'D', 'B']);
  });

  it('is stable: the same graph gives the same cycle', () => {
    const edges: Array<[string, string]> = [['X', 'Y'], ['Y', 'X'], ['P', 'Q'], ['Q', 'P']];
    expect(findCycle(graph(edges))).toEqual(['X', 'Y', 'X']);
    expect(findCycle(graph(edges))).toEqual(['X', 'Y', 'X']);
  });

  it('handles a long chain without recursion', () => {
    const n = 50_000;
    const edges: Array<[string, string]> = [];
    for (let i = 0; i < n; i++) edges.push([`T${i}`, `T${i + 1}`]);
    expect(findCycle(graph(edges))).toBeNull();
    edges.push([`T${n}`, 'T0']);
    expect(findCycle(graph(edges))).toHaveLength(n + 2);
  });
});
