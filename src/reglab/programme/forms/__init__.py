"""Forms, one module per stage. Rules are checked in the services, not here."""
