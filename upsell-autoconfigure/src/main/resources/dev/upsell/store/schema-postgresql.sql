-- dodo-upsell tables for PostgreSQL. Every name starts with "upsell_": with another
-- dodo.upsell.store.table-prefix, replace that prefix. Idempotent: safe to run again.
CREATE TABLE IF NOT EXISTS upsell_offers (
    id                  VARCHAR(64)              NOT NULL PRIMARY KEY,
    customer_id         VARCHAR(255)             NOT NULL,
    rule_id             VARCHAR(128)             NOT NULL,
    kind                VARCHAR(32)              NOT NULL,
    product_id          VARCHAR(255)             NOT NULL,
    quantity            INTEGER                  NOT NULL,
    amount              BIGINT                   NOT NULL,
    currency            VARCHAR(3)               NOT NULL,
    status              VARCHAR(16)              NOT NULL,
    version             BIGINT                   NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    trigger_product_id  VARCHAR(255),
    trigger_reference   VARCHAR(255),
    parent_offer_id     VARCHAR(64),
    payment_id          VARCHAR(255),
    checkout_session_id VARCHAR(255),
    checkout_url        VARCHAR(2048),
    failure_reason      VARCHAR(255),
    paid_amount         BIGINT                   NOT NULL DEFAULT 0,
    refunded_amount     BIGINT                   NOT NULL DEFAULT 0,
    context             TEXT                     NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS upsell_offers_customer_idx ON upsell_offers (customer_id, created_at);
CREATE INDEX IF NOT EXISTS upsell_offers_status_idx ON upsell_offers (status, updated_at);
CREATE INDEX IF NOT EXISTS upsell_offers_payment_idx ON upsell_offers (payment_id);
-- One open offer per customer and rule, whichever instance writes it: set while the offer is open, NULL after.
ALTER TABLE upsell_offers ADD COLUMN IF NOT EXISTS open_slot VARCHAR(400);
CREATE UNIQUE INDEX IF NOT EXISTS upsell_offers_open_slot_idx ON upsell_offers (open_slot);
-- Where an accepted offer stands (CHARGING, PAYMENT_PROCESSING, OUTCOME_UNKNOWN, ACTION_REQUIRED,
-- PLAN_CHANGE_SENT); NULL in every other status. Rows written before this column kept it in failure_reason.
ALTER TABLE upsell_offers ADD COLUMN IF NOT EXISTS accepted_step VARCHAR(32);
UPDATE upsell_offers SET accepted_step = failure_reason, failure_reason = NULL
    WHERE status = 'ACCEPTED' AND accepted_step IS NULL
      AND failure_reason IN ('OUTCOME_UNKNOWN', 'ACTION_REQUIRED', 'PLAN_CHANGE_SENT');
UPDATE upsell_offers SET accepted_step = 'PAYMENT_PROCESSING'
    WHERE status = 'ACCEPTED' AND accepted_step IS NULL AND payment_id IS NOT NULL;
-- Until when one instance's reconciliation holds an accepted offer, so the others skip it.
ALTER TABLE upsell_offers ADD COLUMN IF NOT EXISTS reconcile_lease_until TIMESTAMP WITH TIME ZONE;
-- The currency a converted offer's payment was made in, when Dodo charged another than the price's.
ALTER TABLE upsell_offers ADD COLUMN IF NOT EXISTS paid_currency VARCHAR(3);
-- It is also when an accepted offer is next due (backoff, a billing date); NULL: never looked at, first in line.
CREATE INDEX IF NOT EXISTS upsell_offers_reconcile_idx ON upsell_offers (status, reconcile_lease_until, updated_at);
-- An offer's experiment and variant (also in context), where the experiment ledger counts results per arm.
ALTER TABLE upsell_offers ADD COLUMN IF NOT EXISTS experiment VARCHAR(128);
ALTER TABLE upsell_offers ADD COLUMN IF NOT EXISTS variant VARCHAR(128);
CREATE INDEX IF NOT EXISTS upsell_offers_experiment_idx ON upsell_offers (experiment, customer_id);
CREATE INDEX IF NOT EXISTS upsell_offers_parent_idx ON upsell_offers (parent_offer_id);

-- Each customer's arm of each experiment, recorded the first time (the first stays): the sample-ratio check and
-- the results per arm read it, the same on every instance.
CREATE TABLE IF NOT EXISTS upsell_experiment_assignments (
    experiment_id VARCHAR(128)             NOT NULL,
    customer_id   VARCHAR(255)             NOT NULL,
    variant       VARCHAR(128)             NOT NULL,
    assigned_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (experiment_id, customer_id)
);
CREATE INDEX IF NOT EXISTS upsell_experiment_assignments_time_idx ON upsell_experiment_assignments (experiment_id, assigned_at);
-- Subscriptions cancelled (once each: a replayed webhook changes nothing), for the experiments' guardrail on
-- customers who cancel within 30 days of a paid offer.
CREATE TABLE IF NOT EXISTS upsell_subscription_cancellations (
    subscription_id VARCHAR(255)             NOT NULL PRIMARY KEY,
    customer_id     VARCHAR(255)             NOT NULL,
    cancelled_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS upsell_subscription_cancellations_customer_idx ON upsell_subscription_cancellations (customer_id, cancelled_at);

CREATE TABLE IF NOT EXISTS upsell_webhook_ids (
    webhook_id  VARCHAR(255)             NOT NULL PRIMARY KEY,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS upsell_webhook_ids_received_idx ON upsell_webhook_ids (received_at);

-- The payments that converted offers, kept for as long as Dodo allows refunds (offers.payment-retention), after
-- the offers are purged: late refunds still count, replays of known payments are recognised.
CREATE TABLE IF NOT EXISTS upsell_payments (
    payment_id      VARCHAR(255)             NOT NULL PRIMARY KEY,
    offer_id        VARCHAR(64)              NOT NULL,
    customer_id     VARCHAR(255)             NOT NULL,
    rule_id         VARCHAR(128)             NOT NULL,
    kind            VARCHAR(32)              NOT NULL,
    funnel_step     VARCHAR(255)             NOT NULL,
    variant         VARCHAR(128),
    paid_amount     BIGINT                   NOT NULL,
    currency        VARCHAR(3)               NOT NULL,
    refunded_amount BIGINT                   NOT NULL DEFAULT 0,
    settled_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS upsell_payments_settled_idx ON upsell_payments (settled_at);
-- Each Dodo refund once, by refund_id: what it said, and what was counted (never past the payment).
CREATE TABLE IF NOT EXISTS upsell_refunds (
    refund_id   VARCHAR(255)             NOT NULL PRIMARY KEY,
    payment_id  VARCHAR(255)             NOT NULL,
    amount      BIGINT                   NOT NULL,
    counted     BIGINT                   NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS upsell_refunds_payment_idx ON upsell_refunds (payment_id);

-- What the host still has to be told (an offer converted, failed, was refunded): written in the transaction of
-- the change, deleted once a delivery went through. next_attempt_at is also the claim of the delivering instance.
CREATE TABLE IF NOT EXISTS upsell_deliveries (
    id              VARCHAR(400)             NOT NULL PRIMARY KEY,
    kind            VARCHAR(16)              NOT NULL,
    offer_id        VARCHAR(64)              NOT NULL,
    payment_id      VARCHAR(255),
    refund_id       VARCHAR(255),
    amount          BIGINT                   NOT NULL DEFAULT 0,
    attempts        INTEGER                  NOT NULL DEFAULT 0,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error      VARCHAR(255),
    gave_up         BOOLEAN                  NOT NULL DEFAULT FALSE
);
CREATE INDEX IF NOT EXISTS upsell_deliveries_due_idx ON upsell_deliveries (gave_up, next_attempt_at);

-- Retention flows (dodo.upsell.retention.enabled): one customer's way out of one subscription. open_slot holds the
-- subscription while the flow is open (NULL after), so one subscription has one open flow across instances.
CREATE TABLE IF NOT EXISTS upsell_retention_flows (
    id                VARCHAR(64)              NOT NULL PRIMARY KEY,
    customer_id       VARCHAR(255)             NOT NULL,
    subscription_id   VARCHAR(255)             NOT NULL,
    status            VARCHAR(16)              NOT NULL,
    reason            VARCHAR(64),
    customer_comment  VARCHAR(1000),
    offer_id          VARCHAR(128),
    version           BIGINT                   NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    resume_at         TIMESTAMP WITH TIME ZONE,
    next_billing_date TIMESTAMP WITH TIME ZONE,
    failure_reason    VARCHAR(255),
    kept              BOOLEAN,
    variant           VARCHAR(128),
    downgrade_to      VARCHAR(255),
    open_slot         VARCHAR(255)
);
-- the retention experiment's arm and a downgrade flow's plan (added after the table's first version)
ALTER TABLE upsell_retention_flows ADD COLUMN IF NOT EXISTS variant VARCHAR(128);
ALTER TABLE upsell_retention_flows ADD COLUMN IF NOT EXISTS downgrade_to VARCHAR(255);
CREATE UNIQUE INDEX IF NOT EXISTS upsell_retention_flows_open_slot_idx ON upsell_retention_flows (open_slot);
CREATE INDEX IF NOT EXISTS upsell_retention_flows_customer_idx ON upsell_retention_flows (customer_id, created_at);
CREATE INDEX IF NOT EXISTS upsell_retention_flows_updated_idx ON upsell_retention_flows (status, updated_at);
CREATE INDEX IF NOT EXISTS upsell_retention_flows_resume_idx ON upsell_retention_flows (resume_at);
