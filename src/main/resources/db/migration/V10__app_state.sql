-- Small facts about the store itself that must survive restarts, e.g. whether the demo set finished loading
-- (an interrupted first start then completes it instead of keeping a partial demo for good).
CREATE TABLE app_state (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
