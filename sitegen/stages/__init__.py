"""The stages of a build: load -> validate -> link -> plan -> render -> write."""
