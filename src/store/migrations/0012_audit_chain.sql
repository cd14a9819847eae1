-- Issue 14 part 5: a tamper-evident audit trail. Each record carries chain,
-- the SHA-256 (hex) of the previous record's chain and of its own fields
-- (store/audit_chain.c), so a record edited or removed from the middle breaks
-- every chain after it (`cnap audit verify`). Records from before this
-- migration get theirs once, in id order, right after it; the one update the
-- trail allows is that: a chain where there was none, nothing else changed.
ALTER TABLE audit ADD COLUMN chain TEXT;
DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  WHEN NOT (OLD.chain IS NULL AND NEW.chain IS NOT NULL AND NEW.id = OLD.id AND NEW.at IS OLD.at
            AND NEW.actor IS OLD.actor AND NEW.action IS OLD.action AND NEW.entity IS OLD.entity
            AND NEW.entity_id IS OLD.entity_id AND NEW.before IS OLD.before AND NEW.after IS OLD.after) BEGIN
  SELECT RAISE(ABORT, 'audit is append-only');
END;
