"""Report sections that need the services, economy and scenarios layers."""
