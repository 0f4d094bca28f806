"""How many distinct value sets a class gets in each individualized lab.

For students s01..sNN of one class code it prints, per lab, the parameters, how many value
sets are possible, how many distinct sets the class draws, how many students share their set
with someone else, and how many of the class's pairs of students share one (a copy between
those two would pass). Pure computation, no engine.
Usage: .venv/bin/python bench/value_sets.py [--class C1] [--students 30]
"""

import argparse
import math
from collections import Counter

from maillab import catalog


def possible(lab: catalog.Lab) -> int:
    """How many value sets the lab's parameters allow."""
    sizes = []
    for parameter in lab.parameters:
        if parameter.kind == "number":
            sizes.append(parameter.max - parameter.min + 1)
        elif parameter.kind == "domain":
            sizes.append(len(parameter.labels))
        else:
            sizes.append(len(parameter.choices))
    return math.prod(sizes)


def class_sets(lab_id: str, class_code: str, students: list[str]) -> Counter:
    """Each drawn value set of the class, with how many students drew it."""
    drawn = Counter()
    for student in students:
        values = catalog.load(lab_id, catalog.Student(id=student, class_code=class_code)).values
        drawn[tuple(sorted(values.items()))] += 1
    return drawn


def shared_pairs(drawn: Counter) -> int:
    """Pairs of students who drew the same value set."""
    return sum(math.comb(count, 2) for count in drawn.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--class", dest="class_code", default="C1")
    parser.add_argument("--students", type=int, default=30)
    args = parser.parse_args()
    students = [f"s{n:02d}" for n in range(1, args.students + 1)]
    print(f"class {args.class_code}, students {students[0]}..{students[-1]}")
    pairs = math.comb(len(students), 2)
    print(f"{'lab':22} {'parameters':48} {'possible':>9} {'distinct':>9} {'sharing':>8} {'pairs of ' + str(pairs):>13}")
    for lab in catalog.load_all():
        if not lab.individualized:
            continue
        drawn = class_sets(lab.id, args.class_code, students)
        sharing = sum(count for count in drawn.values() if count > 1)
        names = ", ".join(p.name for p in lab.parameters)
        print(f"{lab.id:22} {names:48} {possible(lab):>9} {len(drawn):>9} {sharing:>8} {shared_pairs(drawn):>13}")


if __name__ == "__main__":
    main()
