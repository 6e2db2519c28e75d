"""escalation-router: per-turn escalate / offer / continue decisions for support chats."""

__version__ = "0.1.0"
