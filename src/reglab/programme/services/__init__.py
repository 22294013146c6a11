"""Writes, one module per stage (HackSoft services): shared by views, commands and tests."""
