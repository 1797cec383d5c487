"""What a release is made of: the build (build), the exports (exports), the data dictionary (dictionary), the diff between two packages (diff)."""
