"""What every operation may answer besides success: problem details (documented as application/problem+json)."""

from .schemas import ProblemOut

PROBLEMS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut, 429: ProblemOut}
