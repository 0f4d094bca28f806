"""The quiz: question banks, practice/exam/review sessions, spaced repetition and export."""
