"""Messages between a buyer and an SME on one application: a thread per application."""
