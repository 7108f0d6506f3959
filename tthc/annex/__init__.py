"""The annexes of announcement decisions: reading their tables into records and parts of records."""
