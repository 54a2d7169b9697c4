"""Reusing the previous build's work: fingerprints, the manifest, the preview's memory."""
