-- Payments are claimed before the payment time is spent, so two copies of one order never both pay.
-- A row is 'started' (claim_token owns it until lease_until) or 'charged'. A 'started' row whose lease ended
-- is taken over (new token and lease, attempts + 1) by the next payer of that order; only the current token
-- may move it to 'charged'. attempts counts the claims taken, i.e. how many times the order's payment ran:
-- more than 1 means it was paid again after a payer died (or overran its lease) mid-payment.
-- Rows written before this migration were charged once: they become 'charged' with 1 attempt.
ALTER TABLE payments
    ADD COLUMN state       TEXT        NOT NULL DEFAULT 'charged' CHECK (state IN ('started', 'charged')),
    ADD COLUMN claim_token UUID,
    ADD COLUMN started_at  TIMESTAMPTZ,
    ADD COLUMN lease_until TIMESTAMPTZ,
    ADD COLUMN attempts    INTEGER     NOT NULL DEFAULT 1 CHECK (attempts >= 1),
    ALTER COLUMN charged_at DROP NOT NULL;

ALTER TABLE payments ALTER COLUMN state DROP DEFAULT;

ALTER TABLE payments ADD CONSTRAINT payments_state_columns CHECK (
    (state = 'charged' AND charged_at IS NOT NULL)
    OR (state = 'started' AND claim_token IS NOT NULL AND lease_until IS NOT NULL AND charged_at IS NULL));
