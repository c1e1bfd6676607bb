"""Cross-cutting pieces: database base, money, time, i18n, markdown, errors."""
