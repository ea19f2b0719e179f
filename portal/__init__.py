"""The customer portal: a customer's own tickets, replies, files and ratings."""
