/** A target's cells, as the run's cells are iterated: a big run's cells are never held as a list. */
export function* cellsOf<T extends { target: string }>(cells: Iterable<T>, target: string): Generator<T> {
  for (const cell of cells) if (cell.target === target) yield cell;
}
