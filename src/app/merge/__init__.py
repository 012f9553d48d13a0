"""The three-way merge view (base, mine, theirs) opened when the remote moved on."""
