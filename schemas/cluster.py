"""A practice cluster (praktijkcluster): sectors, themes and a way of working."""

from pydantic import Field

from schemas.content_type import ContentType
from schemas.fields import Line, Slug, Text, ref, refs
from schemas.item import Item


class ClusterText(Text):
    sectors: list[Line] = Field(default_factory=list, description="the sectors the cluster covers")


class Cluster(Item):
    overarching_theme: Slug | None = ref("themes", "slug of the main theme")
    themes: list[Slug] = refs("themes", "slugs of the related themes")
    organisations: list[Slug] = refs("organisations", "slugs of organisations")
    words_model = ClusterText


CLUSTERS = ContentType(
    name="clusters",
    model=Cluster,
    link_word="cluster",
    item_template="cluster.html",
    list_template="section_clusters.html",
)
