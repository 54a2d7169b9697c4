"""What goes beside the pages: calendars, feeds, sitemap, search index and host files (one
module each)."""
