"""The integer program that decides accelerate, continue, pause or terminate."""
