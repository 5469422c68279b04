"""`--where`: a filter on claims written as a pandas query, checked before pandas runs it.

pandas' DataFrame.eval (as DataFrame.query) evaluates the expression itself (never Python's eval), but it lets an
expression reach attributes such as `value.__class__`, and from there the interpreter. So the
expression is parsed first and only comparisons, and/or/not, arithmetic, constants, column
names and a few column methods pass; pandas then evaluates what passed.
"""
from __future__ import annotations

import ast

import pandas as pd

from pipeline.errors import InputError

NODES = (
    ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.UAdd, ast.Invert,
    ast.Compare, ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn,
    ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.BitAnd, ast.BitOr,
    ast.Constant, ast.List, ast.Tuple, ast.Name, ast.Load, ast.Attribute, ast.Call, ast.keyword,
)
METHODS = ("str", "contains", "startswith", "endswith", "len", "isna", "notna", "isin", "between")
HELP = ('comparisons (==, !=, <, >, in), and/or/not, numbers and strings, column names, and '
        + ", ".join(f".{m}" for m in METHODS[1:]) + " (after .str for text)")


def check(expr: str, columns: list[str]) -> None:
    """Raise InputError unless `expr` uses only what HELP lists."""
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError as exc:
        raise InputError(f"--where {expr!r}: not an expression ({exc.msg})") from exc
    for node in ast.walk(tree):
        if not isinstance(node, NODES):
            raise InputError(f"--where {expr!r}: {ast.unparse(node) if isinstance(node, ast.expr) else type(node).__name__}"
                             f" is not allowed; use {HELP}")
        if isinstance(node, ast.Name) and node.id not in columns:
            raise InputError(f"--where {expr!r}: no column '{node.id}'; the claims columns are {', '.join(columns)}")
        if isinstance(node, ast.Attribute) and node.attr not in METHODS:
            raise InputError(f"--where {expr!r}: .{node.attr} is not allowed; use {HELP}")
        if isinstance(node, ast.Call) and not isinstance(node.func, ast.Attribute):
            raise InputError(f"--where {expr!r}: {ast.unparse(node.func)}() is not allowed; use {HELP}")


def filter_claims(claims: pd.DataFrame, expr: str) -> pd.DataFrame:
    """The claims for which `expr` holds, e.g. `kind == "money" and value > 1e8`."""
    check(expr, list(claims.columns))
    try:
        mask = claims.eval(expr.strip(), engine="python", local_dict={}, global_dict={})
    except Exception as exc:  # pandas raises many types for a bad expression; each is the user's to fix
        raise InputError(f"--where {expr!r}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}") from exc
    if not isinstance(mask, pd.Series) or not pd.api.types.is_bool_dtype(mask.dtype):
        raise InputError(f"--where {expr!r}: not a condition (true or false for each claim)")
    return claims[mask]
