"""The node canvas: a QGraphicsScene mirroring a WorkflowModel, and its view."""
