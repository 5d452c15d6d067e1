"""The block editor: every field of the selected feature block, each edit one named undo step.

``editor.py`` holds the editor; its sections are ``pricing.py`` (where the prices come from: a model, the
cheapest capable model, a deployment, typed prices), ``capability.py`` (what the block needs),
``modality.py`` (speech and images in minutes and pictures) and ``model_list.py`` (the models of the pitch's
date, with their prices).
"""

from desktop.block_editor.editor import EMPTY_TEXT, BlockEditor
from desktop.block_editor.pricing import CHEAPEST_CAPABLE, EXPLICIT_ONLY, FROM_DEPLOYMENT, format_price

__all__ = [
    "CHEAPEST_CAPABLE",
    "EMPTY_TEXT",
    "EXPLICIT_ONLY",
    "FROM_DEPLOYMENT",
    "BlockEditor",
    "format_price",
]
