-- Queryable copies of orders and wallet ledger entries, upserted by the Drop and Wallet grains in
-- the same transaction as their state, so an operator can audit a drop with plain SQL.
-- Money columns are minor units (fen). Columns other than keys may be null: a grain may stage
-- only the columns that changed.
CREATE TABLE orders (
    order_id text PRIMARY KEY,
    drop_id text,
    room_id text,
    user_id text,
    quantity integer,
    unit_price bigint,
    total_amount bigint,
    discount_amount bigint,
    paid_amount bigint,
    state text,
    created_at timestamptz,
    payment_deadline timestamptz,
    paid_at timestamptz,
    coupon_id text,
    updated_at timestamptz
);
CREATE INDEX orders_user ON orders (user_id);
CREATE INDEX orders_drop_state ON orders (drop_id, state);

CREATE TABLE wallet_ledger (
    user_id text NOT NULL,
    entry_id text NOT NULL,
    amount bigint,
    balance_after bigint,
    kind text,
    reference text,
    at timestamptz,
    PRIMARY KEY (user_id, entry_id)
);
