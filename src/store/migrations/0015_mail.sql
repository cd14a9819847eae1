-- Issue 15: e-mail that reaches whoever has the ball. A change that moves a
-- question (sent, answered, returned, …) writes, in its own transaction, a
-- notice for each person who now has to act (notifications: what the in-app
-- list shows) and, for those who want mail at once, a message in the outbox.
-- A sender (cnap serve, or cnap mail send) takes queued messages out, hands
-- them to the SMTP server and records what the server said; a temporary
-- failure is tried again later, so a mail server that is down loses nothing.
-- Reminders of an answer deadline are notices too, keyed so that each step of
-- a cycle's plan is given once per person and deadline; the ball moving
-- cancels those not yet sent. A person may take mail at once, in one digest a
-- day, or not at all.
ALTER TABLE users ADD COLUMN mail_mode TEXT NOT NULL DEFAULT 'immediate'
  CHECK (mail_mode IN ('immediate', 'digest', 'off'));

-- Days before an answer deadline a reminder goes out ("7,2,0": seven and two
-- days before and on the day) and every how many days once it has passed (0: never).
ALTER TABLE cycles ADD COLUMN reminder_days TEXT NOT NULL DEFAULT '7,2,0';
ALTER TABLE cycles ADD COLUMN overdue_every INTEGER NOT NULL DEFAULT 3 CHECK (overdue_every BETWEEN 0 AND 30);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  user_id INTEGER REFERENCES users(id),         -- NULL: cnap mail test
  to_addr TEXT NOT NULL,
  to_name TEXT,
  event TEXT NOT NULL,
  question_id INTEGER REFERENCES questions(id),
  vars TEXT NOT NULL,                            -- the template's values as a JSON object
  link TEXT,                                     -- the path the message links to ("/q/12")
  subject TEXT NOT NULL,                         -- as rendered when queued; as sent once sent
  body TEXT,                                     -- as sent
  created_at TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at TEXT NOT NULL,                         -- queued: not before; sending: the claim ends
  last_error TEXT,                               -- the last failure, the server's answer in it
  smtp_code INTEGER,
  sent_at TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox (state, next_at);
CREATE INDEX outbox_by_question ON outbox (question_id) WHERE question_id IS NOT NULL;

CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  event TEXT NOT NULL,
  question_id INTEGER REFERENCES questions(id),
  title TEXT NOT NULL,
  link TEXT,
  vars TEXT NOT NULL,
  created_at TEXT NOT NULL,
  read_at TEXT,
  -- none: no mail (off, no address, deactivated); queued: outbox_id has it;
  -- digest: waits for the day's digest; digested: in outbox_id's digest;
  -- cancelled: the ball moved before the mail went
  mail TEXT NOT NULL CHECK (mail IN ('none', 'queued', 'digest', 'digested', 'cancelled')),
  outbox_id INTEGER REFERENCES outbox(id),
  reminder_key TEXT,                             -- reminders: question, deadline and step
  UNIQUE (user_id, reminder_key)
) STRICT;
CREATE INDEX notifications_by_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_digest ON notifications (user_id) WHERE mail = 'digest';
CREATE INDEX notifications_by_question ON notifications (question_id) WHERE question_id IS NOT NULL;
CREATE INDEX notifications_by_outbox ON notifications (outbox_id) WHERE outbox_id IS NOT NULL;

-- The secretariat's own wording of an event's message; an event without a row uses the shipped text.
CREATE TABLE mail_templates (
  event TEXT PRIMARY KEY,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT
) STRICT;
