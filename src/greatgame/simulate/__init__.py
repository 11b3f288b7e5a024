"""Dynamics layer: the model of the regional balance, scenarios, Monte Carlo runs, corridors and backtest."""
