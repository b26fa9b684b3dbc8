"""The Lab: how a language model turns scores into probabilities and samples, in three pages."""

from game.ui.lab.scene import LabScene

__all__ = ["LabScene"]
