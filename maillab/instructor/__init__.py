"""Instructor mode: students pack their work (`lab submit`), instructors grade a class of archives
in parallel sandboxes (`lab instructor grade`) and get a gradebook and a report."""
