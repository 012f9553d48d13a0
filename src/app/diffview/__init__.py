"""Visual diffs of version documents: overlay and side-by-side canvases, reports, the diff window."""
