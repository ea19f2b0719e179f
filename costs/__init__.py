"""Measured handle time and the loaded hourly costs of teams and agents, for cost per resolution."""
