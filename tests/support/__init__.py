"""Helpers shared by the tests: building the fixture site, reading built output back, browsers.
Everything here is public; a test module never imports another test module."""
