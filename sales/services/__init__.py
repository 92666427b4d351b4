"""The ledger's operations, by sub-domain. Each runs in one transaction, writes its audit entry,
and queues its side effects (replies, reactions, NocoDB sync) in the same transaction:

- `ledger`: register a sale from a message, attach a later photo, correct it, void it;
- `review`: flag a sale for review, decide a review round;
- `sellers`: the seller behind a post, a seller's edited data;
- `goals`: a seller's monthly goal;
- `audit` and `notify`: the audit entry and the seller's reply and reaction every one of them
  leaves.
"""
