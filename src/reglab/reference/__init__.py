"""Reference data shipped with the platform (pure Python, no Django)."""
