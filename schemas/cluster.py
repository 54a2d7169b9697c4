"""A practice cluster (praktijkcluster): sectors, themes and a way of working."""

from pydantic import Field

from schemas.content_type import ContentType
from schemas.fields import Item, Line, Slug, Text, ref, refs, text_block


class ClusterText(Text):
    sectors: list[Line] = Field(default_factory=list, description="the sectors the cluster covers")


class Cluster(Item):
    overarching_theme: Slug | None = ref("themes", "slug of the main theme")
    themes: list[Slug] = refs("themes", "slugs of the related themes")
    organisations: list[Slug] = refs("organisations", "slugs of organisations")
    nl: ClusterText | None = text_block("nl")
    en: ClusterText | None = text_block("en")


CLUSTERS = ContentType(
    name="clusters",
    model=Cluster,
    link_word="cluster",
    item_template="cluster.html",
    list_template="section_clusters.html",
)
