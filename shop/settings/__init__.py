"""Shop settings the publisher changes from the dashboard (stored in the database), and the versioned legal texts."""
