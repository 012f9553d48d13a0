"""The sync UI: remote profiles, the reachability badge, and Pull / Publish off the UI thread."""
