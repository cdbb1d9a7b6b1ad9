-- councilkit schema, version 5: a refund's idempotency key is unique per
-- payment.
--
-- payments.Service.Refund looks for an earlier refund with the caller's key
-- inside the payment's row lock, so a retried call returns the refund it
-- made before. This index is the database's own guarantee of the same
-- rule: two refunds of one payment can never share a key, whatever the
-- code above does. Refunds made without a key ('') are not indexed.
CREATE UNIQUE INDEX payment_refunds_idempotency_key ON councilkit.payment_refunds (council, payment_id, idempotency_key)
    WHERE idempotency_key <> '';
