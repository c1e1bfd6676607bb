"""The agenda: events with the authors (readings, signings, talks), JSON-LD and iCalendar."""
