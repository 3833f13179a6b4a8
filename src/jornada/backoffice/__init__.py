"""The back office: staff pages (Django templates + htmx), each allowed by role."""
