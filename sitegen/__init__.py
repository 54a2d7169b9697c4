"""The site generator: load -> validate -> link -> render -> write (see pipeline.py)."""
