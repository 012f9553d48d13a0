"""The editable graph model: a Qt-free owner of the document being edited.

The canvas, inspector and undo commands all go through :class:`WorkflowModel`;
it validates each edit and announces it as a past-tense event.
"""
