"""Export the banks in Moodle's GIFT format, escaping its special characters."""

from maillab.quiz.model import Question

SPECIAL = "\\~=#{}:"
MOODLE_FRACTIONS = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20"}


def escape(text: str) -> str:
    """GIFT text: backslash before each of \\ ~ = # { } :, and newlines as \\n."""
    escaped = "".join("\\" + char if char in SPECIAL else char for char in text.strip())
    return escaped.replace("\r\n", "\n").replace("\n", "\\n")


def question(item: Question) -> str:
    """One question in GIFT: title, prompt, answers, general feedback (the explanation)."""
    lines = [f"// {item.objective} {', '.join(item.topics)}", f"::{escape(item.id)}::{escape(item.prompt)} {{"]
    if item.type == "fill":
        lines += [f"\t={escape(spelling)}" for spelling in item.accepted]
    elif item.type == "single":
        for index, choice in enumerate(item.choices):
            mark = "=" if chr(97 + index) == item.answer else "~"
            lines.append(f"\t{mark}{escape(choice)}")
    else:
        right = str(item.answer)
        share = MOODLE_FRACTIONS[len(right)]
        for index, choice in enumerate(item.choices):
            weight = share if chr(97 + index) in right else "-100"
            lines.append(f"\t~%{weight}%{escape(choice)}")
    lines += [f"\t####{escape(item.explanation)}", "}"]
    return "\n".join(lines)


def export(questions: list[Question]) -> str:
    return "\n\n".join(question(q) for q in questions) + "\n"
