"""`xinfang synth`: synthetic packages at national scale (build), their rows in memory (tables), known faults (faults)."""
