"""What editors run besides a build: the live preview, scaffolding, editor schemas."""
