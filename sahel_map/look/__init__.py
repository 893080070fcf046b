"""The look: one table of styles for web and print, legends, popups, charts, translations."""
