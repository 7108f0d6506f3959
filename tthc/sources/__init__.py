"""Sources: decisions of other authorities (ministries, the national catalogue) read into tthc, what each
means for this authority, drafts made from them, and the reconciliation with the national catalogue. No Flask."""
