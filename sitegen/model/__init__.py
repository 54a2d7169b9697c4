"""The types passed between the stages, and pure queries over them (imports only schemas/)."""
