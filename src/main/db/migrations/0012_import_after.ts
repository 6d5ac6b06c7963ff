/**
 * 0012: an import's undo record keeps each touched row as the import left it (`after`, the row as a JSON object), so
 * an undo can tell which of them were changed afterwards (a hand edit, a move, a later correction) and ask before
 * taking those changes back with the import. Batches committed before this have no `after`; their undo works as before.
 *
 * And three references that had no index: deleting an activity (an undo deletes the ones its batch created) looked
 * through every rating and every import batch for it, and the 村居 list finds its ratings through the activities.
 */
export default /* sql */ `
ALTER TABLE import_change ADD COLUMN after TEXT;
CREATE INDEX feedback_event ON feedback (event_id);
CREATE INDEX feedback_claim ON feedback (claim_id);
CREATE INDEX import_batch_event ON import_batch (event_id);
`
