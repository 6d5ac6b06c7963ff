/**
 * 0012: an import's undo record keeps each touched row as the import left it (`after`, the row as a JSON object), so
 * an undo can tell which of them were changed afterwards (a hand edit, a move, a later correction) and ask before
 * taking those changes back with the import. Batches committed before this have no `after`; their undo works as before.
 */
export default /* sql */ `
ALTER TABLE import_change ADD COLUMN after TEXT;
`
