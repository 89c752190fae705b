-- A payout request is a seller's withdrawal of earnings or a buyer's refund (money owed back after a dispute, a split
-- or an agreed cancellation); both are paid by an admin with a reference.
ALTER TABLE withdrawals ADD COLUMN kind TEXT NOT NULL DEFAULT 'earnings';
