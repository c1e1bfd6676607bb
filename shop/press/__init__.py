"""The press area: a public press kit, a press release as PDF, and review-copy requests moderated by the publisher."""
