"""Related stories: which stories, in any feed, are about the same thing, and which are the same report.

``RelatedIndex`` is the whole public surface, with the ``Doc`` it indexes and the ``Suggestion`` it returns.
"""

from feeds.related.analysis import Doc, Params, Suggestion
from feeds.related.index import RelatedIndex

__all__ = ["Doc", "Params", "RelatedIndex", "Suggestion"]
