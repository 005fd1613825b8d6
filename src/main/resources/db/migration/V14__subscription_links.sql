-- Manage links (preferences, unsubscribe) carry this number in their signature: raising it ("send me new links")
-- makes every earlier link of the subscription stop working.
ALTER TABLE digest_subscribers ADD COLUMN manage_version INTEGER NOT NULL DEFAULT 0;
