-- Durable reminders. due_ticks (.NET UTC ticks) gives the exact "still due at" comparison that
-- timestamptz (microseconds) cannot; due_at is there for people reading the table.
CREATE TABLE reminders (
    grain_type text NOT NULL,
    grain_key text NOT NULL,
    name text NOT NULL,
    due_ticks bigint NOT NULL,
    due_at timestamptz NOT NULL,
    PRIMARY KEY (grain_type, grain_key, name)
);
CREATE INDEX reminders_due ON reminders (due_ticks);
