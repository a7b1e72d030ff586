"""The two synthetic agencies the benchmarks build."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    name: str
    staff: int
    supervisors: int
    evaluations: int
    onboardings: int
    check_ins: int
    sessions: int
    enrolments: int


SIZES = {
    "S": Size(
        "S",
        staff=50,
        supervisors=5,
        evaluations=100,
        onboardings=50,
        check_ins=500,
        sessions=20,
        enrolments=200,
    ),
    "L": Size(
        "L",
        staff=3000,
        supervisors=300,
        evaluations=20000,
        onboardings=3000,
        check_ins=50000,
        sessions=500,
        enrolments=20000,
    ),
}
