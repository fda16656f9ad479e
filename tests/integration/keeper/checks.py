"""What the keeper's check scripts share: a registry of named checks (run in the order they
were defined, or only those asked for), the Failure a check raises, and expect()."""

CHECKS = {}


def check(fn):
    CHECKS[fn.__name__] = fn
    return fn


class Failure(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Failure(what)
