//! The reinstall console and widget (filled in by the UI work).
