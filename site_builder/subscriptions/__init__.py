"""The subscription service: double-opt-in sign-up and one-click unsubscribe over HTTP."""
