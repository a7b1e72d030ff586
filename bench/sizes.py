"""The two sizes of synthetic deployment the benchmarks build."""

from dataclasses import dataclass, replace


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
    # Agencies in the deployment: the measured one of this size, and neighbours.
    organisations: int = 1

    def neighbour(self) -> "Size":
        """A neighbouring agency: a quarter of the measured one's figures."""
        return replace(
            self,
            name=f"{self.name}/4",
            **{
                f: max(getattr(self, f) // 4, 1)
                for f in (
                    "staff",
                    "supervisors",
                    "evaluations",
                    "onboardings",
                    "check_ins",
                    "sessions",
                    "enrolments",
                )
            },
            organisations=1,
        )


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
        organisations=2,
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
        organisations=4,
    ),
}
